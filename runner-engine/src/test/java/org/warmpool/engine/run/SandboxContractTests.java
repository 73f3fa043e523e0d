package org.warmpool.engine.run;

import org.warmpool.engine.api.Cancellation;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.api.PoolSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * What every submission can rely on, through a real engine, real Docker and the demo images, on
 * each run path: {@link ExecPathTest} ({@code docker exec}), {@link AgentPathTest} (the agent, one
 * container per run) and {@link RecyclePathTest} (the agent, containers serving run after run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxContractTests {
    Engine engine;

    /** How this mode's pools are set up, from a pool of 1 on the default settings. */
    abstract PoolSettings mode(PoolSettings pool);

    @BeforeAll
    void startEngine() {
        EngineConfig config = EngineConfig.defaults().withWarmConcurrency(2);
        for (String image : DemoImages.ALL) {
            config = config.withPool(image, mode(PoolSettings.withTarget(1)));
        }
        engine = Engine.start(config);
        await().atMost(Duration.ofSeconds(120)).until(engine::ready);
    }

    @AfterAll
    void stopEngine() {
        engine.close();
    }

    RunResult run(String image, SubmissionFiles files, int maxSeconds) {
        return engine.run(new RunRequest("test", image, maxSeconds, files, false)).join();
    }

    RunResult busybox(String script) {
        return run(BUSYBOX, DemoImages.script(script), 10);
    }

    /** Each demo image's start point (red), amber and green variants; the Podman test runs them too. */
    static Stream<Arguments> startPoints() {
        return DemoImages.ALL.stream().flatMap(image -> Stream.of(
                Arguments.of(image, "start point", Outcome.RED),
                Arguments.of(image, "amber", Outcome.AMBER),
                Arguments.of(image, "green", Outcome.GREEN)));
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @MethodSource("startPoints")
    void theStartPointsGiveRedAmberAndGreen(String image, String variant, Outcome expected) {
        SubmissionFiles files = variant.equals("start point") ? DemoImages.startPoint(image) : DemoImages.variant(image, variant);
        RunResult result = run(image, files, 10);
        assertThat(result.outcome()).as("outcome; stdout:%n%s%nstderr:%n%s%nlog: %s", result.stdout().content(),
                result.stderr().content(), result.log().content()).isEqualTo(expected);
        assertThat(result.timings().total()).as("total ms").isPositive();
    }

    @Test
    void aSubmissionThatLoopsForeverTimesOutWithinItsLimitAndItsContainerIsGone() {
        long start = System.nanoTime();
        RunResult result = run(BUSYBOX, DemoImages.script("while true; do :; done"), 2);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result.outcome()).as("outcome; log: %s; %s", result.log().content(), result.timings()).isEqualTo(Outcome.TIMED_OUT);
        // Never before the limit. How soon after it is a figure for the benchmark, not a pass mark: the
        // ceiling here only catches a run that waits for the engine's own safety net instead of the daemon.
        assertThat(took).as("ms until the timed_out result; %s", result.timings()).isGreaterThanOrEqualTo(1900)
                .isLessThan(2000 + 5000);
        assertThat(result.log().content()).contains("max_seconds=2");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(new DockerJavaRuntime().listManaged()).noneMatch(c -> c.id().equals(result.containerId())));
    }

    @Test
    void aContainerKilledFromOutsideMidRunIsFaultySayingSoNeverColoured() throws Exception {
        RunResult result = endedFromOutside(id -> DockerTestClient.raw().killContainerCmd(id).exec());
        assertThat(result.outcome()).as("log: %s", result.log().content()).isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).contains("killed from outside");
        assertThat(result.status()).as("a killed run never finished").isEmpty();
        assertThat(busybox("echo next").outcome()).as("the next run").isEqualTo(Outcome.GREEN);
    }

    @Test
    void aContainerRemovedFromOutsideMidRunIsFaultySayingSo() throws Exception {
        RunResult result = endedFromOutside(id -> DockerTestClient.raw().removeContainerCmd(id).withForce(true).exec());
        assertThat(result.outcome()).as("log: %s", result.log().content()).isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).containsAnyOf("removed from outside", "killed from outside");
        assertThat(busybox("echo next").outcome()).as("the next run").isEqualTo(Outcome.GREEN);
    }

    @Test
    void aRunThatRunsOutOfMemoryIsFaultySayingSo() {
        // bash doubles a string until the kernel kills it for the pool's memory limit (768 MB)
        RunResult result = run(BUSYBOX, DemoImages.script("s=x; while true; do s=$s$s; done"), 20);
        assertThat(result.outcome()).as("log: %s; stderr: %s", result.log().content(), result.stderr().content())
                .isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).startsWith("out of memory");
        assertThat(busybox("echo next").outcome()).as("the next run").isEqualTo(Outcome.GREEN);
    }

    @Test
    void aScriptEndedByItsOwnSignalIsStillColoured() {
        RunResult result = busybox("echo before; kill -KILL $$");
        assertThat(result.status()).isEqualTo("137");
        assertThat(result.outcome()).as("log: %s", result.log().content()).isNotEqualTo(Outcome.FAULTY);
    }

    /** Runs a long sleep and, once its script runs (its first output arrived), does {@code outside} to its container. */
    private RunResult endedFromOutside(java.util.function.Consumer<String> outside) throws Exception {
        java.util.concurrent.CompletableFuture<String> running = new java.util.concurrent.CompletableFuture<>();
        try (AutoCloseable watch = engine.subscribe("test", e -> {
            if (e instanceof org.warmpool.engine.api.EngineEvent.ContainerChanged c
                    && c.container().phase() == org.warmpool.engine.api.ContainerPhase.RUNNING) {
                running.complete(c.container().id());
            }
        })) {
            java.util.concurrent.CompletableFuture<Void> scriptRuns = new java.util.concurrent.CompletableFuture<>();
            var result = engine.run(new RunRequest("test", BUSYBOX, 20, DemoImages.script("echo started; sleep 30"), false,
                    new OutputListener() {
                        @Override
                        public void stdout(byte[] chunk) {
                            scriptRuns.complete(null);
                        }

                        @Override
                        public void stderr(byte[] chunk) {
                        }
                    }));
            scriptRuns.get(30, TimeUnit.SECONDS);
            outside.accept(running.get(30, TimeUnit.SECONDS));
            return result.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stdoutOverFiftyKilobytesIsCutAndFlaggedTruncated() {
        RunResult result = busybox("head -c 61440 /dev/zero | tr '\\0' 'x'");
        assertThat(result.stdout().truncated()).isTrue();
        assertThat(result.stdout().content()).hasSize(50 * 1024).matches("x+");
        assertThat(result.stderr().truncated()).isFalse();
    }

    @Test
    void invalidUtf8ComesBackAsValidText() {
        RunResult result = busybox("printf 'caf\\xc3\\xa9 \\xff\\xfe end'");
        assertThat(result.stdout().content()).isEqualTo("café \uFFFD\uFFFD end");
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(result.stdout().content())).isTrue();
    }

    @Test
    void runsAsTheSandboxUserWithNoNetworkButLoopback() {
        RunResult result = busybox("id -u; id -g; echo $HOME $CYBER_DOJO_SANDBOX $CYBER_DOJO_IMAGE_NAME; ls /sys/class/net");
        assertThat(result.stdout().content().split("\n"))
                .containsExactly("41966", "51966", "/home/sandbox /sandbox warmpool/busybox", "lo");
    }

    @Test
    void aSubmissionCannotSeeFilesAPreviousSubmissionWrote() {
        busybox("echo secret > /sandbox/left-behind; echo secret > /tmp/left-behind");
        RunResult next = busybox("ls /sandbox /tmp");
        assertThat(next.stdout().content()).doesNotContain("left-behind").contains("cyber-dojo.sh");
    }

    @Test
    void theRootFilesystemIsReadOnly() {
        RunResult result = busybox("touch /usr/x 2>&1; touch /home/sandbox/x 2>&1; echo done");
        assertThat(result.stdout().content()).contains("Read-only file system").endsWith("done\n");
    }

    @Test
    void aForkBombIsContainedAndTheEngineKeepsServing() {
        RunResult bomb = run(BUSYBOX, DemoImages.script("bomb() { bomb | bomb & }; bomb; sleep 3"), 4);
        assertThat(bomb.outcome()).isIn(Outcome.TIMED_OUT, Outcome.RED, Outcome.GREEN);
        RunResult after = busybox("echo still here");
        assertThat(after.outcome()).isEqualTo(Outcome.GREEN);
        assertThat(after.stdout().content()).isEqualTo("still here\n");
    }

    @Test
    void aFileBombFillingTheSandboxIsContainedAndTheEngineKeepsServing() {
        RunResult bomb = busybox("cat /dev/zero > /sandbox/fill; echo exit=$? >&2; df -m /sandbox | tail -1");
        assertThat(bomb.stderr().content()).contains("No space left on device");
        assertThat(bomb.outcome()).isNotEqualTo(Outcome.TIMED_OUT);
        assertThat(busybox("echo ok").outcome()).isEqualTo(Outcome.GREEN);
    }

    @Test
    void filesCreatedOrChangedComeBackWhenAskedFor() {
        SubmissionFiles files = DemoImages.files(Map.of(
                "cyber-dojo.sh", "echo new > made.txt; echo changed > notes.txt; printf '\\0\\1' > binary.bin".getBytes(StandardCharsets.UTF_8),
                "notes.txt", "original\n".getBytes(StandardCharsets.UTF_8),
                "same.txt", "unchanged\n".getBytes(StandardCharsets.UTF_8)));
        RunResult result = engine.run(new RunRequest("files", BUSYBOX, 10, files, true)).join();
        assertThat(result.created()).containsOnlyKeys("made.txt");
        assertThat(result.created().get("made.txt").content()).isEqualTo("new\n");
        assertThat(result.changed()).containsOnlyKeys("notes.txt");
        assertThat(result.changed().get("notes.txt").content()).isEqualTo("changed\n");
        RunResult without = busybox("echo new > made.txt");
        assertThat(without.created()).as("files are not returned unless asked for").isEmpty();
    }

    @Test
    void aWarmRunSaysSoAndCarriesATimingBreakdown() {
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() >= 1);
        RunResult result = busybox("echo hi");
        assertThat(result.warm()).isTrue();
        Timings t = result.timings();
        assertThat(t.total()).isGreaterThanOrEqualTo(t.claim() + t.exec());
        assertThat(t.exec()).isPositive();
    }

    @Test
    void aRunCancelledWhileItRunsIsStoppedAndItsContainerIsRemovedNeverToServeAgain() throws Exception {
        await("a warm busybox container").atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() >= 1);
        Cancellation cancellation = new Cancellation();
        CountDownLatch started = new CountDownLatch(1);
        OutputListener output = new OutputListener() {
            @Override
            public void stdout(byte[] chunk) {
                started.countDown();
            }

            @Override
            public void stderr(byte[] chunk) {
            }
        };
        CompletableFuture<RunResult> answer = engine.run(new RunRequest("cancelled", BUSYBOX, 20,
                DemoImages.script("echo started; while :; do :; done"), false, output, cancellation));
        assertThat(started.await(60, TimeUnit.SECONDS)).as("the loop started").isTrue();
        String container = await("its container running").atMost(Duration.ofSeconds(30)).until(() -> engine.snapshot().containers()
                .stream().filter(l -> l.phase() == ContainerPhase.RUNNING).map(ContainerLife::id).findFirst(), Optional::isPresent).get();

        assertThat(cancellation.cancel("by the test")).as("cancel while it runs").isTrue();

        // well inside its 20 s: the answer is the cancel's, not the deadline's
        assertThat(answer).failsWithin(Duration.ofSeconds(15))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(RunRejectedException.class)
                .withMessageStartingWith("Cancelled by the test while it ran: stopped after")
                .satisfies(e -> assertThat(((RunRejectedException) e).reason()).isEqualTo(RunRejectedException.Reason.CANCELLED));
        await("the cancelled run's container removed").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(new DockerJavaRuntime().listManaged()).noneMatch(c -> c.id().equals(container)));
        assertThat(engine.snapshot().containers()).filteredOn(l -> l.id().equals(container))
                .singleElement().satisfies(l -> {
                    assertThat(l.phase()).isEqualTo(ContainerPhase.GONE);
                    assertThat(l.exitReason()).isEqualTo("cancelled by the test");
                });
        assertThat(cancellation.cancel("again")).as("a second cancel").isFalse();
        RunResult next = busybox("echo next");
        assertThat(next.outcome()).as("the next run").isEqualTo(Outcome.GREEN);
        assertThat(next.containerId()).as("served by another container").isNotEqualTo(container);
    }

    @Test
    void aRunCancelledBeforeItRunsNeverTakesAContainer() {
        await("a warm busybox container").atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() >= 1);
        long claimsBefore = claims();
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("by the test");

        assertThat(engine.run(new RunRequest("never", BUSYBOX, 10, DemoImages.script("echo ran"), false, OutputListener.NONE,
                cancellation)))
                .failsWithin(Duration.ofSeconds(15))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(RunRejectedException.class)
                .withMessageStartingWith("Cancelled by the test")
                .withMessageContaining("it never ran");
        assertThat(claims()).as("containers claimed (warm or cold)").isEqualTo(claimsBefore);
        assertThat(cancellation.settle()).as("settled after being cancelled").isFalse();
    }

    long claims() {
        return engine.snapshot().pools().stream().mapToLong(p -> p.warmStarts() + p.coldStarts()).sum();
    }

    @Test
    void anUnknownImageIsRejectedWithAMessageSayingWhatToDo() {
        assertThat(engine.run(new RunRequest("x", "warmpool/nope", 5, DemoImages.script("true"), false)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(RunRejectedException.class)
                .withMessageContaining("warmpool/nope")
                .satisfies(e -> assertThat(((RunRejectedException) e).reason()).isEqualTo(RunRejectedException.Reason.UNKNOWN_IMAGE));
    }
}
