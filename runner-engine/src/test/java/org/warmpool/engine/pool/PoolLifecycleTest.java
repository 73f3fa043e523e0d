package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.PoolSettings;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/** Pools grow, shrink, notice deaths, refill, and clean up after themselves, against real Docker. */
class PoolLifecycleTest {
    final DockerJavaRuntime docker = new DockerJavaRuntime();
    Engine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        docker.close();
    }

    Engine start(int target) {
        engine = Engine.start(EngineConfig.defaults().withWarmConcurrency(2).withReconcileEvery(Duration.ofSeconds(2))
                .withPool(BUSYBOX, PoolSettings.withTarget(target)));
        owner = engine.owner();
        return engine;
    }

    PoolSnapshot pool() {
        return engine.snapshot().pool(BUSYBOX);
    }

    /**
     * This test's engine's containers only: other engines share the daemon, in other processes
     * and in this one (the gateway tests keep one engine for the whole test run).
     */
    String owner;

    List<ManagedContainer> ours() {
        return docker.listManaged().stream().filter(c -> owner.equals(c.label(Labels.OWNER))).toList();
    }

    Set<String> runningIdsOf(String image) {
        return ours().stream().filter(c -> c.image().equals(image) && c.running())
                .filter(c -> c.label(Labels.ROLE).equals("pool")).map(ManagedContainer::id).collect(Collectors.toSet());
    }

    @Test
    void aPoolFillsToItsTargetAndFollowsTargetChangesLive() {
        start(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 2);
        assertThat(pool().everFilled()).isTrue();
        assertThat(engine.ready()).as("engine ready once every pool was full").isTrue();

        engine.setTarget(BUSYBOX, 4);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 4);
        assertThat(runningIdsOf(BUSYBOX)).hasSize(4);

        engine.setTarget(BUSYBOX, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 1 && pool().retiring() == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> runningIdsOf(BUSYBOX).size() == 1);
    }

    @Test
    void aClaimedContainerServesOneSubmissionAndThePoolRefills() {
        start(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 1);
        RunResult first = engine.run(new RunRequest("a", BUSYBOX, 5, DemoImages.script("echo one"), false)).join();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 1);
        RunResult second = engine.run(new RunRequest("b", BUSYBOX, 5, DemoImages.script("echo two"), false)).join();
        assertThat(first.warm()).isTrue();
        assertThat(second.warm()).isTrue();
        assertThat(second.containerId()).as("a container is never reused").isNotEqualTo(first.containerId());
        assertThat(pool().warmStarts()).isEqualTo(2);
    }

    @Test
    void anEmptyPoolFallsBackToAColdStartCountedAsSuch() {
        start(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().state() == PoolState.READY);
        RunResult result = engine.run(new RunRequest("cold", BUSYBOX, 5, DemoImages.script("echo cold"), false)).join();
        assertThat(result.outcome()).isEqualTo(Outcome.GREEN);
        assertThat(result.warm()).isFalse();
        assertThat(pool().coldStarts()).isEqualTo(1);
        assertThat(engine.snapshot().coldStarts()).isEqualTo(1);
    }

    @Test
    void aPooledContainerKilledFromOutsideIsNoticedAndReplaced() {
        start(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 2);
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        engine.subscribe("test", events::add);
        String victim = runningIdsOf(BUSYBOX).iterator().next();

        try (DockerClient raw = rawClient()) {
            raw.killContainerCmd(victim).exec();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> running = runningIdsOf(BUSYBOX);
            assertThat(running).hasSize(2).doesNotContain(victim);
            assertThat(pool().ready()).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.ContainerChanged c && c.container().id().equals(victim))
                .extracting(e -> ((EngineEvent.ContainerChanged) e).container())
                .extracting(ContainerLife::exitReason)
                .anyMatch(reason -> reason.startsWith("died while waiting")));
    }

    @Test
    void containersLeftByAnEngineThatDiedAreReapedAtTheNextStart() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = Labels.host() + "/" + gone.pid() + "/x";
        PoolSettings s = PoolSettings.withTarget(0);
        String orphan = docker.createAndStart(new org.warmpool.engine.docker.ContainerSpec(BUSYBOX,
                Map.of(Labels.PROJECT, "1", Labels.OWNER, deadOwner, Labels.ROLE, "pool", Labels.IMAGE, BUSYBOX),
                Map.of(), true, s.memoryMegabytes() * 1024L * 1024L, s.pidsLimit(), s.sandboxMegabytes()));
        assertThat(docker.listManaged()).anyMatch(c -> c.id().equals(orphan));

        start(0);

        assertThat(docker.listManaged()).as("orphan reaped at start").noneMatch(c -> c.id().equals(orphan));
    }

    @Test
    void closingTheEngineRemovesEveryContainerItStarted() {
        start(3);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 3);
        engine.close();
        engine = null;
        assertThat(ours()).as("this engine's containers after close").isEmpty();
    }

    @Test
    void removingAPoolDrainsItAndForgetsTheImage() {
        start(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().ready() == 2);
        engine.removePool(BUSYBOX).join();
        assertThat(engine.hasPool(BUSYBOX)).isFalse();
        assertThat(runningIdsOf(BUSYBOX)).isEmpty();
    }

    static DockerClient rawClient() {
        return org.warmpool.engine.run.DockerTestClient.raw();
    }
}
