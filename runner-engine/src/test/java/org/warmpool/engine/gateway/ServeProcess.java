package org.warmpool.engine.gateway;

import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code warmpool serve} in a process of its own (the test class path, this JVM's java),
 * its stdout and stderr in files so that it never blocks on a full pipe. Closing it sends
 * SIGTERM, waits for the clean exit, and removes anything it left behind (by its owner label).
 */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;
    private final int httpPort;
    private Integer exitStatus;

    private ServeProcess(Process process, Path out, Path err, int httpPort) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.httpPort = httpPort;
    }

    /** Starts {@code warmpool serve args…} with extra environment variables, and waits for its "listening" line. */
    static ServeProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.warmpool.engine.cli.WarmpoolCli", "serve"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "serve", ".out");
        Path err = Files.createTempFile(dir, "serve", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String[] listening = new String[1];
        try {
            await("serve's listening line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("serve exited " + process.exitValue() + ": " + Files.readString(err));
                }
                listening[0] = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.matches("listening http=\\d+ ws=\\d+")).findFirst().orElse(null);
                return listening[0] != null;
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        int httpPort = Integer.parseInt(listening[0].replaceAll("listening http=(\\d+) ws=\\d+", "$1"));
        return new ServeProcess(process, out, err, httpPort);
    }

    int httpPort() {
        return httpPort;
    }

    /** What serve wrote to stderr so far. */
    String stderr() {
        try {
            return Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Ctrl-C: serve drains, removes its containers and exits; returns its exit status. */
    int stop() {
        if (exitStatus == null) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                exitStatus = process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                exitStatus = -1;
            }
        }
        return exitStatus;
    }

    /** Containers that carry this process's owner label, running or not. */
    List<ManagedContainer> containers() {
        String ownerPrefix = Labels.host() + "/" + process.pid() + "/";
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            return docker.listManaged().stream().filter(c -> c.label(Labels.OWNER).startsWith(ownerPrefix)).toList();
        }
    }

    @Override
    public void close() {
        stop();
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            containers().forEach(c -> docker.remove(c.id()));
        }
    }
}
