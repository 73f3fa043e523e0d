package org.warmpool.engine.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.replay.SubmissionClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deadline holds even when the engine is killed with SIGKILL mid-run: a real {@code serve}
 * process starts a loop, is killed, and the loop still dies at its limit — by the daemon's timer
 * in a one-shot container, by the agent itself in a recycled one (whose container lives on).
 */
class DeadlineOutlivesTheEngineTest {
    static final int MAX_SECONDS = 4;

    @ParameterizedTest(name = "--run-path agent {0}")
    @ValueSource(strings = {"", "--recycle"})
    void aLoopDiesAtItsDeadlineAfterTheEngineWasKilled(String recycle) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.warmpool.engine.cli.WarmpoolCli", "serve", "--no-journal", "--pool", DemoImages.BUSYBOX + "=1",
                "--run-path", "agent", "--http-port", "0", "--ws-port", "0", "--config", "/nonexistent/warmpool-test.json"));
        if (!recycle.isEmpty()) {
            command.add(recycle);
        }
        Process serve = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String owner = Labels.host() + "/" + serve.pid() + "/";
        String container = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("listening "));
            assertThat(line).as("serve's first line").matches("listening http=\\d+ ws=\\d+");
            int ws = Integer.parseInt(line.replaceAll(".*ws=", ""));
            await("a warm container").atMost(Duration.ofSeconds(120)).until(() -> !containers(owner).isEmpty());
            SubmissionClient client = SubmissionClient.connect(URI.create("ws://127.0.0.1:" + ws + "/"), null);
            client.submit("loop", DemoImages.BUSYBOX, MAX_SECONDS, false,
                    TarPacker.tgz(DemoImages.script("while :; do :; done")));
            await("the loop running as the sandbox user").atMost(Duration.ofSeconds(60))
                    .until(() -> containers(owner).stream().anyMatch(c -> !sandboxProcesses(c).isEmpty()));
            container = containers(owner).stream().filter(c -> !sandboxProcesses(c).isEmpty()).findFirst().orElseThrow();
            long killedAt = System.nanoTime();
            serve.destroyForcibly(); // SIGKILL: nothing of the engine is left to enforce anything
            serve.waitFor(10, TimeUnit.SECONDS);

            String running = container;
            await("the loop gone").atMost(Duration.ofSeconds(MAX_SECONDS + 30))
                    .until(() -> sandboxProcesses(running).isEmpty());
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(after).as("ms from the kill until the loop was gone (it ran under a %d s limit)", MAX_SECONDS)
                    .isLessThan(MAX_SECONDS * 1000L + 10_000);
            if (!recycle.isEmpty()) {
                assertThat(isRunning(running)).as("a recycled container outlives its run: the agent killed the loop").isTrue();
            }
        } finally {
            serve.destroyForcibly();
            for (String id : containers(owner)) {
                docker("rm", "-f", id);
            }
        }
    }

    /** The containers of one engine process, by its owner label prefix. */
    static List<String> containers(String ownerPrefix) {
        return docker("ps", "-a", "--filter", "label=org.warmpool", "--format", "{{.ID}} {{.Label \"org.warmpool.owner\"}}")
                .lines().filter(l -> l.contains(" " + ownerPrefix)).map(l -> l.split(" ")[0]).toList();
    }

    /** The sandbox user's processes in a container (empty when it is stopped or gone). */
    static List<String> sandboxProcesses(String id) {
        // docker top needs the pid column
        return docker("top", id, "-eo", "pid,uid,args").lines().skip(1)
                .filter(l -> l.strip().split("\\s+").length > 1 && l.strip().split("\\s+")[1].equals("41966")).toList();
    }

    static boolean isRunning(String id) {
        return docker("inspect", "-f", "{{.State.Running}}", id).strip().equals("true");
    }

    static String docker(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
