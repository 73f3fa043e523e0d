package org.warmpool.engine.cli;

import org.warmpool.engine.pool.ImageChecker;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.ImageCheck;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code warmpool images}: which local images Warmpool can serve, and why not. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "List the images Docker has and whether each is Warmpool-ready (sandbox user, traffic-light rule).")
final class ImagesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            for (LocalImage image : docker.images()) {
                for (String tag : image.tags()) {
                    ImageCheck check = ImageChecker.check(docker, tag, Labels.probe(tag, "images"));
                    System.out.printf("%-40s %8.1f MB  %s%n", tag, image.sizeBytes() / 1e6,
                            check.ready() ? "ready" : "not ready: " + String.join("; ", check.problems()));
                }
            }
            return 0;
        } catch (DockerUnavailableException e) {
            System.err.println("warmpool: " + e.getMessage());
            return 4;
        }
    }
}
