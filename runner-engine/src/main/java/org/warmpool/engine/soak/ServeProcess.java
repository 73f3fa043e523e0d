package org.warmpool.engine.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code warmpool serve} as a process of its own, so that a soak can kill it with SIGKILL and
 * start it again on the same ports and journal, and read its heap and threads from outside.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Path settings;
    private final Path journal;
    private final Path logs;
    private final int httpPort;
    private final int wsPort;
    private Process process;
    private int starts;

    ServeProcess(Path settings, Path journal, Path logs) throws IOException {
        this.settings = settings;
        this.journal = journal;
        this.logs = logs;
        this.httpPort = freePort();
        this.wsPort = freePort();
    }

    int httpPort() {
        return httpPort;
    }

    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + wsPort + "/");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Starts it and waits until it is ready (its pools full), up to {@code within}: before any load. */
    void start(Duration within) throws IOException, InterruptedException {
        start(within, this::ready);
    }

    /**
     * Starts it again and waits until it answers on both doors, up to {@code within}. Not until it is
     * ready: under a load that takes each container as it comes, its pools may not be full until the
     * load pauses (on a fast machine, not before the soak ends).
     */
    void restart(Duration within) throws IOException, InterruptedException {
        start(within, this::answering);
    }

    private void start(Duration within, java.util.function.BooleanSupplier up) throws IOException, InterruptedException {
        starts++;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        for (String property : List.of("warmpool.home", "warmpool.assets")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.warmpool.engine.cli.WarmpoolCli", "serve",
                "--config", settings.toString(), "--journal", journal.toString(),
                "--http-port", Integer.toString(httpPort), "--ws-port", Integer.toString(wsPort), "--drain-seconds", "30"));
        Path log = logs.resolve("serve-" + starts + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("warmpool serve ended with " + process.exitValue() + " before it was ready: "
                        + tail(log));
            }
            if (up.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("warmpool serve was not ready within " + within.toSeconds() + " s: " + tail(log));
    }

    private boolean answering() {
        try (java.net.Socket ws = new java.net.Socket()) {
            ws.connect(new java.net.InetSocketAddress("127.0.0.1", wsPort), 1000);
            return Http.get(http("/alive"), Duration.ofSeconds(5)).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean ready() {
        try {
            Http.Answer r = Http.get(http("/ready"), Duration.ofSeconds(5));
            return r.status() == 200 && r.body().contains("true");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no draining, nothing cleaned up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C: it drains and removes its containers. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** The engine's threads now, from /proc. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IOException("no thread count for " + pid());
    }

    /** The engine's heap in use after a full collection, in bytes, through {@code jcmd}. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info said no heap figure");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid()), what)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
