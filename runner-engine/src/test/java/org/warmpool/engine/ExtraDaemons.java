package org.warmpool.engine;

import org.warmpool.engine.docker.Labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Extra Docker daemons on this machine, standing in for other hosts: each with its own socket
 * ({@code /var/run/warmpool-test-N.sock}), {@code --data-root}, {@code --exec-root} (so its own
 * containerd) and {@code --pidfile}, no bridge and no iptables, as DESIGN.md's "Several Docker
 * daemons on one machine" says. Images are loaded from the main daemon ({@code docker save | docker
 * -H … load}); their data roots outlive a run, so a second run loads nothing. Needs root.
 */
public final class ExtraDaemons implements AutoCloseable {
    /** One extra daemon. */
    public static final class Daemon {
        public final int n;
        public final String socket;
        private final Path dataRoot;
        private final Path execRoot;
        private final Path pidFile;
        private final Path logFile;

        Daemon(int n) {
            this.n = n;
            this.socket = "unix:///var/run/warmpool-test-" + n + ".sock";
            this.dataRoot = Path.of("/var/lib/warmpool-test-" + n);
            this.execRoot = Path.of("/var/run/warmpool-test-" + n + "-exec");
            this.pidFile = Path.of("/var/run/warmpool-test-" + n + ".pid");
            this.logFile = Path.of("/tmp/warmpool-test-" + n + ".log");
        }

        /** Starts it and waits until it answers. */
        public void start() throws IOException, InterruptedException {
            awaitGone(Duration.ofSeconds(30)); // a pidfile of a previous life blocks a second start
            Files.createDirectories(dataRoot);
            new ProcessBuilder("dockerd", "-H", socket, "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
                    "--pidfile", pidFile.toString(), "--bridge=none", "--iptables=false", "--ip-forward=false")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!answers()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dockerd " + socket + " did not answer within 60 s; see " + logFile);
                }
                Thread.sleep(250);
            }
        }

        /** Kills it at once (SIGKILL: a host that vanishes) and waits until it is gone. */
        public void kill() throws IOException, InterruptedException {
            signal("KILL");
            awaitGone(Duration.ofSeconds(30));
        }

        /**
         * Stops it cleanly (SIGTERM) and waits until it is gone; then ends what a killed life of it
         * left behind: a container being created when it was killed keeps its shim (and a {@code
         * runc init}) under this daemon's exec root, which no later life adopts.
         */
        public void stop() throws IOException, InterruptedException {
            if (signal("TERM")) {
                if (!awaitGone(Duration.ofSeconds(45))) {
                    signal("KILL");
                    awaitGone(Duration.ofSeconds(15));
                }
            }
            run("for p in $(pgrep -f -- '-address " + execRoot + "/'); do pkill -KILL -P $p; kill -KILL $p; done 2>/dev/null");
        }

        public boolean answers() throws IOException, InterruptedException {
            return run("docker -H " + socket + " version --format '{{.Server.Version}}' >/dev/null 2>&1") == 0;
        }

        /** Loads {@code image} from the main daemon unless it has it. */
        public void load(String image) throws IOException, InterruptedException {
            if (run("docker -H " + socket + " image inspect " + image + " >/dev/null 2>&1") == 0) {
                return;
            }
            if (run("docker save " + image + " | docker -H " + socket + " load >/dev/null") != 0) {
                throw new IllegalStateException("could not load " + image + " into " + socket);
            }
        }

        /** Warmpool's containers on it ({@code docker ps -a} with the project's label), one id a line. */
        public List<String> warmpoolContainers() throws IOException, InterruptedException {
            return output("docker -H " + socket + " ps -aq --filter label=" + Labels.PROJECT);
        }

        /** Removes Warmpool's containers left on it (a test that failed midway). */
        public void removeWarmpoolContainers() throws IOException, InterruptedException {
            run("docker -H " + socket + " ps -aq --filter label=" + Labels.PROJECT + " | xargs -r docker -H " + socket
                    + " rm -f >/dev/null 2>&1");
        }

        private boolean signal(String signal) throws IOException, InterruptedException {
            String pid = pid();
            if (pid == null) {
                return false;
            }
            return run("kill -" + signal + " " + pid) == 0;
        }

        private String pid() throws IOException {
            if (!Files.exists(pidFile)) {
                return null;
            }
            String pid = Files.readString(pidFile).strip();
            return pid.matches("\\d+") && Files.exists(Path.of("/proc", pid)) ? pid : null;
        }

        private boolean awaitGone(Duration within) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (pid() != null) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
            Files.deleteIfExists(pidFile);
            return true;
        }

        @Override
        public String toString() {
            return socket;
        }
    }

    private final List<Daemon> daemons = new ArrayList<>();

    /** Starts daemons 1..count and loads {@code images} into each. */
    public static ExtraDaemons start(int count, String... images) throws IOException, InterruptedException {
        ExtraDaemons all = new ExtraDaemons();
        try {
            for (int n = 1; n <= count; n++) {
                Daemon d = new Daemon(n);
                all.daemons.add(d);
                d.start();
                d.removeWarmpoolContainers();
                for (String image : images) {
                    d.load(image);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    /** Whether extra daemons can be started here: root, and dockerd installed. */
    public static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/dockerd"));
    }

    public Daemon get(int n) {
        return daemons.get(n - 1);
    }

    public List<Daemon> all() {
        return List.copyOf(daemons);
    }

    /** Stops every daemon (their containers were removed by the engine, or are removed now). */
    @Override
    public void close() {
        for (Daemon d : daemons) {
            try {
                if (d.answers()) {
                    d.removeWarmpoolContainers();
                }
                d.stop();
            } catch (IOException | InterruptedException e) {
                // best effort; the next start finds it by its pidfile
            }
        }
    }

    static int run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    static List<String> output(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
