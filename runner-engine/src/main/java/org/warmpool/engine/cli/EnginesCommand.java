package org.warmpool.engine.cli;

import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DaemonInfo;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.EngineAddress;
import org.warmpool.engine.pool.ImageCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** {@code warmpool engines}: the Docker engines serve would use, whether each answers, and copying an image to one. */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = {"Check the Docker engines serve would place containers on (--engine, else the settings' \"engines\","
                + " else the local one): whether each answers, its version, cores and memory, and which images it has.",
                "With --copy IMAGE --to NAME, copy an image from an engine that has it to one that lacks it"
                        + " (docker save there streamed into docker load there; Ctrl-C stops it)."})
final class EnginesCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: config.json in the user's config directory).")
    Path config;

    @Option(names = "--engine", paramLabel = "URI", description = "unix:///path, tcp://host:port or context:NAME (repeatable).")
    List<String> engines = new ArrayList<>();

    @Option(names = "--allow-insecure-engine", description = "Allow tcp:// engines on other hosts without TLS.")
    boolean allowInsecure;

    @Option(names = "--copy", paramLabel = "IMAGE", description = "An image to copy to the engine named by --to.")
    String copy;

    @Option(names = "--to", paramLabel = "NAME", description = "The engine to copy to (its name as listed, e.g. the context's name).")
    String to;

    @Override
    public Integer call() {
        List<EngineAddress> addresses;
        try {
            addresses = addresses();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("warmpool engines: " + e.getMessage());
            return 2;
        }
        if ((copy == null) != (to == null)) {
            System.err.println("warmpool engines: --copy IMAGE and --to NAME go together");
            return 2;
        }
        List<ContainerRuntime> runtimes = addresses.stream().map(EngineAddress::connect).toList();
        try {
            for (int i = 0; i < addresses.size(); i++) {
                System.out.println(describe(addresses.get(i), runtimes.get(i)));
            }
            return copy == null ? 0 : copy(addresses, runtimes);
        } finally {
            runtimes.forEach(ContainerRuntime::close);
        }
    }

    private List<EngineAddress> addresses() throws IOException {
        EngineAddress.Environment env = EngineAddress.Environment.current();
        List<String> named = engines;
        boolean insecure = allowInsecure;
        if (named.isEmpty()) {
            Settings settings = Settings.load(config != null ? config : Settings.defaultPath());
            named = settings.engines;
            insecure |= settings.allowInsecureEngines;
        }
        if (named == null || named.isEmpty()) {
            return List.of(EngineAddress.local(env));
        }
        List<EngineAddress> all = new ArrayList<>();
        for (String uri : named) {
            all.add(EngineAddress.parse(uri, env, insecure));
        }
        return all;
    }

    private static String describe(EngineAddress address, ContainerRuntime docker) {
        try {
            DaemonInfo info = docker.info();
            List<String> tags = docker.images().stream().flatMap(i -> i.tags().stream()).sorted().toList();
            return String.format("%-28s up    Docker %s, %d cores, %.1f GB%s; %d images: %s", address.name(), info.version(),
                    info.cores(), info.memoryBytes() / 1e9, address.tls() ? ", TLS" : "", tags.size(),
                    tags.isEmpty() ? "none" : String.join(", ", tags));
        } catch (DockerUnavailableException e) {
            return String.format("%-28s down  %s", address.name(), e.getMessage());
        }
    }

    private int copy(List<EngineAddress> addresses, List<ContainerRuntime> runtimes) {
        int target = -1;
        int source = -1;
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).name().equals(to)) {
                target = i;
            }
        }
        if (target < 0) {
            System.err.println("warmpool engines: there is no engine named " + to + " (the names are listed above)");
            return 2;
        }
        for (int i = 0; i < addresses.size() && source < 0; i++) {
            try {
                if (i != target && runtimes.get(i).imageExists(copy)) {
                    source = i;
                }
            } catch (DockerUnavailableException e) {
                // it cannot be the source
            }
        }
        if (source < 0) {
            System.err.println("warmpool engines: no other engine that answers has " + copy);
            return 2;
        }
        System.err.printf("warmpool engines: copying %s from %s to %s ...%n", copy, addresses.get(source).name(), to);
        long[] last = {0};
        CompletableFuture<Void> done = ImageCopy.start(copy, runtimes.get(source), runtimes.get(target), sent -> {
            if (sent - last[0] >= 16 << 20) {
                last[0] = sent;
                System.err.printf("  %.0f MB sent%n", sent / 1e6);
            }
        }, () -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> done.cancel(false)));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            System.err.println("warmpool engines: the copy failed: " + e.getCause().getMessage());
            return 1;
        }
        System.err.printf("warmpool engines: %s is on %s%n", copy, to);
        return 0;
    }
}
