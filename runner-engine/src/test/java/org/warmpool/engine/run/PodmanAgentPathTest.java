package org.warmpool.engine.run;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * The agent path against Podman's Docker-compatible socket instead of Docker (docs/podman.md): the
 * same engine, the same docker-java calls, another daemon. Runs when a Podman service answers at
 * {@code $WARMPOOL_PODMAN_HOST} (default {@code unix:///run/warmpool-podman.sock}) and holds the demo
 * images; skipped, saying what is missing, otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanAgentPathTest {
    static final String HOST = System.getenv().getOrDefault("WARMPOOL_PODMAN_HOST", "unix:///run/warmpool-podman.sock");

    DockerJavaRuntime podman;
    Engine engine;

    /** Why this machine cannot run these tests, or null. */
    String missing;

    @BeforeAll
    void startAnEngineOnPodman() {
        missing = whatIsMissing();
        if (missing != null) {
            return;
        }
        EngineConfig config = EngineConfig.defaults().withWarmConcurrency(2)
                .withPool(BUSYBOX, PoolSettings.withTarget(1).runPath(RunPathKind.AGENT).recycle(true));
        for (String image : List.of(DemoImages.PYTHON_PYTEST, DemoImages.BASH_SHUNIT2)) {
            config = config.withPool(image, PoolSettings.withTarget(1).runPath(RunPathKind.AGENT));
        }
        engine = Engine.start(config, podman);
        await().atMost(Duration.ofSeconds(180)).until(engine::ready);
    }

    @BeforeEach
    void skipWithoutPodman() {
        // Here rather than in @BeforeAll, so that every test is reported skipped with the reason.
        assumeTrue(missing == null, () -> "skipped: " + missing + " (docs/podman.md says how to start it and load the images)");
    }

    /** Why this machine cannot run the test, or null when it can. */
    private String whatIsMissing() {
        if (HOST.startsWith("unix://") && !Files.exists(Path.of(HOST.substring("unix://".length())))) {
            return "no Podman socket at " + HOST;
        }
        podman = new DockerJavaRuntime(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build());
        try {
            podman.ping();
        } catch (RuntimeException e) {
            return "nothing answers at " + HOST + ": " + e.getMessage();
        }
        for (String image : DemoImages.ALL) {
            if (!podman.imageExists(image)) {
                return "the Podman service at " + HOST + " has no " + image;
            }
        }
        return null;
    }

    @AfterAll
    void stopTheEngineAndLeaveNothing() {
        if (engine != null) {
            engine.close();
            assertThat(podman.listManaged()).as("Warmpool containers left on Podman after the engine closed").isEmpty();
        }
        if (podman != null) {
            podman.close();
        }
    }

    RunResult run(String image, SubmissionFiles files, int maxSeconds) {
        return engine.run(new RunRequest("podman", image, maxSeconds, files, false)).join();
    }

    @ParameterizedTest(name = "on Podman, {0} {1} is {2}")
    @MethodSource("org.warmpool.engine.run.SandboxContractTests#startPoints")
    void theStartPointsGiveRedAmberAndGreenOnPodman(String image, String variant, Outcome expected) {
        SubmissionFiles files = variant.equals("start point") ? DemoImages.startPoint(image) : DemoImages.variant(image, variant);
        RunResult result = run(image, files, 10);
        assertThat(result.outcome()).as("outcome; stdout:%n%s%nstderr:%n%s%nlog: %s", result.stdout().content(),
                result.stderr().content(), result.log().content()).isEqualTo(expected);
    }

    @Test
    void aSubmissionThatLoopsForeverTimesOutOnPodmanAndItsContainerIsGone() {
        RunResult result = run(DemoImages.PYTHON_PYTEST, DemoImages.script("while true; do :; done"), 2);
        assertThat(result.outcome()).as("outcome; log: %s; %s", result.log().content(), result.timings()).isEqualTo(Outcome.TIMED_OUT);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(podman.listManaged()).noneMatch(c -> c.id().equals(result.containerId())));
    }

    @Test
    void aRecycledContainerOnPodmanServesTheNextRunWithNothingOfTheLastLeft() {
        RunResult first = run(BUSYBOX, DemoImages.script("echo secret > /sandbox/left; echo secret > /tmp/left; echo one"), 10);
        assertThat(first.outcome()).as("first run; log: %s", first.log().content()).isEqualTo(Outcome.GREEN);
        RunResult second = run(BUSYBOX, DemoImages.script("ls /sandbox /tmp; cat /sandbox/left /tmp/left 2>&1; true"), 10);
        assertThat(second.containerId()).as("the same container served both runs").isEqualTo(first.containerId());
        assertThat(second.stdout().content()).as("what the second run sees").doesNotContain("secret");
    }

    @Test
    void aWarmContainerKilledOnPodmanIsSeenOnItsEventStreamAndReplaced() throws Exception {
        String image = DemoImages.BASH_SHUNIT2;
        await().atMost(Duration.ofSeconds(120)).until(() -> engine.snapshot().pool(image).ready() == 1 && !warm(image).isEmpty());
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = engine.subscribe("podman-test", events::add)) {
            String victim = warm(image).get(0);
            podman.stop(victim, 0);
            // Only the event stream says "died while waiting (exit code …)"; the reconcile says "found dead by reconcile".
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events)
                    .filteredOn(e -> e instanceof EngineEvent.ContainerChanged c && c.container().id().equals(victim))
                    .extracting(e -> ((EngineEvent.ContainerChanged) e).container())
                    .extracting(ContainerLife::exitReason)
                    .anyMatch(reason -> reason != null && reason.startsWith("died while waiting (exit code")));
            await().atMost(Duration.ofSeconds(120)).until(() -> engine.snapshot().pool(image).ready() == 1
                    && !warm(image).contains(victim));
        }
    }

    /** This engine's running pool containers for {@code image}, on Podman. */
    private List<String> warm(String image) {
        return podman.listManaged().stream()
                .filter(c -> engine.owner().equals(c.label(Labels.OWNER)) && image.equals(c.label(Labels.IMAGE)))
                .filter(c -> c.running() && "pool".equals(c.label(Labels.ROLE)))
                .map(ManagedContainer::id).toList();
    }
}
