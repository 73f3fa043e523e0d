package org.warmpool.engine.pool;

import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.docker.ContainerRuntime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks whether an image follows the cyber-dojo contract closely enough for Warmpool, by reading
 * a few files from it in a created, never started probe container.
 */
public final class ImageChecker {
    private ImageChecker() {
    }

    private static final List<String> PATHS = List.of("/etc/passwd", PoolManager.RULE_PATH, "/bin/bash", "/bin/tar", "/usr/bin/tar");

    /** @param labels the labels for the short-lived probe container (see {@link PoolManager#labels}) */
    public static ImageCheck check(ContainerRuntime docker, String image, Map<String, String> labels) {
        if (!docker.imageExists(image)) {
            return new ImageCheck(image, false, List.of("not on this machine: docker load -i <file>.tar"));
        }
        Map<String, byte[]> found = docker.readFiles(image, PATHS, 64 * 1024, labels);
        List<String> problems = new ArrayList<>();
        String passwd = new String(found.getOrDefault("/etc/passwd", new byte[0]), StandardCharsets.UTF_8);
        if (!passwd.contains(":" + Sandbox.UID + ":")) {
            problems.add("no sandbox user with uid " + Sandbox.UID + " in /etc/passwd");
        }
        if (!found.containsKey(PoolManager.RULE_PATH)) {
            problems.add("no traffic-light rule at " + PoolManager.RULE_PATH);
        }
        if (!found.containsKey("/bin/bash")) {
            problems.add("no /bin/bash");
        }
        if (!found.containsKey("/bin/tar") && !found.containsKey("/usr/bin/tar")) {
            problems.add("no tar");
        }
        return new ImageCheck(image, problems.isEmpty(), List.copyOf(problems));
    }
}
