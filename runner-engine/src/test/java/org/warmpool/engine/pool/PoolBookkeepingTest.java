package org.warmpool.engine.pool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.colour.Colour;
import org.warmpool.engine.colour.TrafficLight;
import org.warmpool.engine.colour.Verdict;
import org.warmpool.engine.docker.InMemoryRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a pool does with its containers — claim, refill, deaths, Docker going away, reconcile,
 * orphans — against a Docker engine in memory: no daemon, no Ruby, milliseconds. The same paths
 * against the real daemon are in {@link PoolLifecycleTest} and {@link DockerOutageTest}.
 */
class PoolBookkeepingTest {
    static final String IMAGE = "cyberdojo/busybox";
    static final String RULE = "lambda { |stdout, stderr, status| status == 0 ? :green : :red }";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A rule in plain Java: status 0 is green, anything else red. */
    static final RuleCompiler JAVA_RULES = (origin, source) -> new TrafficLight() {
        @Override
        public Verdict judge(String stdout, String stderr, int status) {
            return Verdict.of(status == 0 ? Colour.GREEN : Colour.RED);
        }

        @Override
        public String source() {
            return source;
        }
    };

    final InMemoryRuntime docker = new InMemoryRuntime()
            .withImage(IMAGE, Map.of(PoolManager.RULE_PATH, RULE))
            .withImage("no-rule", Map.of());
    final EventBus bus = new EventBus();
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    PoolManager pools;

    @BeforeEach
    void start() {
        bus.subscribe("test", events::add);
        pools = manager(Duration.ofHours(1)); // reconciles only when a test asks
    }

    PoolManager manager(Duration reconcileEvery) {
        PoolManager manager = new PoolManager(docker, JAVA_RULES, bus, 2, reconcileEvery, Clock.systemUTC());
        manager.start();
        return manager;
    }

    @AfterEach
    void close() {
        docker.comeBack();
        docker.stopHoldingStarts();
        pools.close();
        bus.close();
    }

    PoolSnapshot pool() {
        return pools.snapshots().stream().filter(p -> p.image().equals(IMAGE)).findFirst().orElseThrow();
    }

    void fill(int target) {
        pools.addPool(IMAGE, PoolSettings.withTarget(target)).join();
        await("pool of " + target + " full").atMost(PATIENCE).until(() -> pool().ready() == target);
    }

    @Test
    void aPoolFillsToItsTargetAndAClaimTakesAReadyContainerWhichIsThenReplaced() {
        fill(2);

        Claim claim = pools.claim(IMAGE, PATIENCE);

        assertThat(claim.warm()).as("served by a warm container").isTrue();
        assertThat(claim.light().judge("", "", 0)).as("the pool's rule").isEqualTo(Verdict.of(Colour.GREEN));
        await("the pool refilled").atMost(PATIENCE).until(() -> pool().ready() == 2 && pool().running() == 1);
        pools.release(claim, "served run-1", Outcome.RED, 40);
        await("the used container removed").atMost(PATIENCE).until(() -> !docker.running().contains(claim.containerId()));
        assertThat(pool().count(Outcome.RED)).as("red runs counted").isEqualTo(1);
        assertThat(pool().warmStarts()).as("warm starts").isEqualTo(1);
        assertThat(docker.count()).as("containers left: the pool's two").isEqualTo(2);
    }

    @Test
    void aClaimOnAnEmptyPoolStartsAContainerColdAndCountsIt() {
        pools.addPool(IMAGE, PoolSettings.withTarget(0)).join();

        Claim claim = pools.claim(IMAGE, PATIENCE);

        assertThat(claim.warm()).as("warm?").isFalse();
        assertThat(pool().coldStarts()).as("cold starts").isEqualTo(1);
        assertThat(docker.running()).as("the cold container runs").containsExactly(claim.containerId());
        assertThat(docker.labelsOf(claim.containerId())).as("its labels").containsEntry(Labels.ROLE, "cold")
                .containsEntry(Labels.OWNER, pools.owner());
    }

    @Test
    void growingTheTargetStartsMoreAndShrinkingItRetiresIdleOnes() {
        fill(1);

        pools.setTarget(IMAGE, 4);
        await("grown to 4").atMost(PATIENCE).until(() -> pool().ready() == 4);
        pools.setTarget(IMAGE, 1);
        await("shrunk to 1").atMost(PATIENCE).until(() -> pool().ready() == 1 && pool().retiring() == 0);

        assertThat(docker.running()).as("containers running").hasSize(1);
    }

    @Test
    void aReadyContainerKilledFromOutsideIsReplaced() {
        fill(2);
        String victim = docker.running().get(0);

        docker.kill(victim);

        await("replaced").atMost(PATIENCE).until(() -> pool().ready() == 2 && !docker.running().contains(victim)
                && docker.running().size() == 2);
        assertThat(lifeOf(victim).exitReason()).as("why it ended").isEqualTo("died while waiting (exit code 137)");
    }

    @Test
    void aReadyContainerRemovedFromOutsideIsReplaced() {
        fill(1);
        String victim = docker.running().get(0);

        docker.removeFromOutside(victim);

        await("replaced").atMost(PATIENCE).until(() -> pool().ready() == 1 && docker.running().size() == 1
                && !docker.running().contains(victim));
    }

    @Test
    void aContainerThatDiesWhileRunningIsNotPutBackAndThePoolStaysFull() {
        fill(1);
        Claim claim = pools.claim(IMAGE, PATIENCE);
        pools.running(claim);

        docker.kill(claim.containerId());
        pools.release(claim, "died during its run", null, 0);

        await("the dead one removed, the pool full").atMost(PATIENCE).until(() -> pool().ready() == 1 && pool().running() == 0
                && pool().retiring() == 0 && docker.count() == 1);
        assertThat(docker.running()).as("running").doesNotContain(claim.containerId());
        assertThat(pool().runs()).as("no outcome counted for a run that did not finish").isZero();
    }

    @Test
    void reconcileFindsAReadyContainerThatVanishedWithoutAnEvent() {
        fill(2);
        String victim = docker.running().get(0);
        docker.vanishSilently(victim);
        assertThat(pool().ready()).as("the pool has not noticed").isEqualTo(2);

        pools.reconcile();

        await("replaced after the reconcile").atMost(PATIENCE).until(() -> pool().ready() == 2 && docker.running().size() == 2);
        assertThat(lifeOf(victim).exitReason()).as("why it ended").isEqualTo("found dead by reconcile");
    }

    @Test
    void reconcileRemovesThisEnginesUntrackedContainersOnlyPastTheirGrace() {
        fill(1);
        Map<String, String> ours = Map.of(Labels.PROJECT, "1", Labels.OWNER, pools.owner(), Labels.IMAGE, IMAGE);
        String leaked = docker.leftBehind(IMAGE, ours, Duration.ofMinutes(5));
        String starting = docker.leftBehind(IMAGE, ours, Duration.ofSeconds(1));

        pools.reconcile();

        assertThat(docker.running()).as("after a reconcile").doesNotContain(leaked).contains(starting);
    }

    @Test
    void whenDockerGoesAwayClaimsAreRefusedAndWhenItComesBackThePoolRefills() {
        fill(1);
        docker.goDown();
        await("Docker marked down").atMost(PATIENCE).until(() -> {
            try {
                pools.reconcile();
            } catch (RuntimeException e) {
                pools.markDown(e.getMessage());
            }
            return !pools.dockerAvailable();
        });

        assertThatThrownBy(() -> pools.claim(IMAGE, PATIENCE)).as("a claim while Docker is away")
                .isInstanceOf(RunRejectedException.class).hasMessageContaining("Docker is not answering")
                .extracting(e -> ((RunRejectedException) e).reason()).isEqualTo(RunRejectedException.Reason.DOCKER_UNAVAILABLE);
        assertThat(pool().problem()).as("the pool shows why").contains("Docker is not answering");

        String lost = docker.running().get(0);
        docker.comeBack();
        docker.vanishSilently(lost); // the daemon's restart took the pool's container with it
        await("back, and refilled").atMost(PATIENCE).until(() -> pools.dockerAvailable() && pool().ready() == 1
                && docker.running().size() == 1 && !docker.running().contains(lost));
        assertThat(events).as("events").anyMatch(e -> e instanceof EngineEvent.DockerStatusChanged d && !d.available())
                .anyMatch(e -> e instanceof EngineEvent.DockerStatusChanged d && d.available());
        assertThat(pools.claim(IMAGE, PATIENCE).warm()).as("a claim afterwards is warm").isTrue();
    }

    /**
     * Seen on a fast machine: Docker away for 0.2 s; a claim woken by its return started a container
     * cold, and the sweep for the daemon's previous life (creation times in whole seconds, "at or
     * before the outage began") removed it as it started: the run was answered faulty.
     */
    @Test
    void whenDockerReturnsItsDeadContainersFromBeforeTheOutageGoButAColdStartOfThatSameSecondStays() {
        ReactivePoolBookkeepingTest.MovableClock clock = new ReactivePoolBookkeepingTest.MovableClock(
                Instant.parse("2026-11-29T20:46:17.635Z"));
        InMemoryRuntime daemon = new InMemoryRuntime(clock).withImage(IMAGE, Map.of(PoolManager.RULE_PATH, RULE));
        PoolManager manager = new PoolManager(daemon, JAVA_RULES, bus, 2, Duration.ofHours(1), clock);
        manager.start();
        try {
            manager.addPool(IMAGE, PoolSettings.withTarget(1)).join();
            await("filled").atMost(PATIENCE).until(() -> manager.snapshots().get(0).ready() == 1);
            Map<String, String> ours = Map.of(Labels.PROJECT, "1", Labels.OWNER, manager.owner());
            String previousLife = daemon.notRunning(IMAGE, ours, Duration.ofSeconds(5));

            daemon.goDown();
            manager.markDown("Docker is not answering (test)");
            clock.advance(Duration.ofMillis(200));
            String startingNow = daemon.notRunning(IMAGE, ours, Duration.ZERO); // created, not yet started nor tracked
            daemon.comeBack();

            await("the previous life's container removed").atMost(PATIENCE)
                    .until(() -> manager.dockerAvailable() && !daemon.exists(previousLife));
            assertThat(daemon.exists(startingNow)).as("the cold start of the outage's second, after the sweep").isTrue();
        } finally {
            daemon.comeBack();
            manager.close();
        }
    }

    @Test
    void aDaemonThatAnswersPingsButFailsEveryStartDoesNotKeepAClaimWaitingForever() {
        fill(1);
        docker.startsUnavailable(true);
        try {
            pools.claim(IMAGE, PATIENCE); // the warm one, not replaced: the next claim starts cold
            assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(PATIENCE,
                    () -> pools.claim(IMAGE, PATIENCE)))
                    .as("a claim on a daemon that fails every start").isInstanceOf(RunRejectedException.class)
                    .hasMessageContaining("Docker is not answering").hasMessageContaining("tries")
                    .extracting(e -> ((RunRejectedException) e).reason()).isEqualTo(RunRejectedException.Reason.DOCKER_UNAVAILABLE);
        } finally {
            docker.startsUnavailable(false);
        }
        await("serving again").atMost(PATIENCE).until(() -> pools.dockerAvailable() && pool().ready() == 1);
        assertThat(pools.claim(IMAGE, PATIENCE)).as("a claim once the daemon starts containers again").isNotNull();
    }

    @Test
    void aPoolAddedWhileDockerIsAwayIsPreparedWhenItComesBack() {
        docker.goDown();
        pools.markDown("Docker is not answering (test)");

        pools.addPool(IMAGE, PoolSettings.withTarget(1));
        docker.comeBack();

        await("prepared and filled").atMost(PATIENCE).until(() -> pool().state() == PoolState.READY && pool().ready() == 1);
    }

    @Test
    void orphansOfEnginesThatAreGoneAreReapedButALiveEnginesContainersStay() {
        String deadPid = Labels.host() + "/" + Integer.MAX_VALUE + "/gone";
        String orphan = docker.leftBehind(IMAGE, Map.of(Labels.PROJECT, "1", Labels.OWNER, deadPid), Duration.ofMinutes(1));
        String unlabelledOwner = docker.leftBehind(IMAGE, Map.of(Labels.PROJECT, "1"), Duration.ofMinutes(1));
        String otherHost = docker.leftBehind(IMAGE, Map.of(Labels.PROJECT, "1", Labels.OWNER, "elsewhere/1/x"), Duration.ofMinutes(1));
        fill(1);
        String mine = docker.running().stream().filter(id -> id.startsWith("c")).findFirst().orElseThrow();

        PoolManager second = manager(Duration.ofHours(1)); // its start reaps
        try {
            assertThat(docker.running()).as("after a second engine started")
                    .doesNotContain(orphan, unlabelledOwner).contains(otherHost, mine);
        } finally {
            second.close();
        }
    }

    @Test
    void startsThatFailBackOffAndThePoolFillsOnceTheyWork() {
        docker.failNextStarts(3);

        pools.addPool(IMAGE, PoolSettings.withTarget(1)).join();

        await("filled after the failures").atMost(PATIENCE).until(() -> pool().ready() == 1);
        assertThat(pool().problem()).as("the problem clears").isEmpty();
        assertThat(events).as("the failure was shown").anyMatch(e -> e instanceof EngineEvent.PoolChanged p
                && p.pool().problem().contains("would not start"));
    }

    @Test
    void theStartingCountShowsContainersOnTheirWayAndNoMoreStartThanTheTarget() {
        docker.holdStarts();
        pools.addPool(IMAGE, PoolSettings.withTarget(3)).join();

        await("3 starting").atMost(PATIENCE).until(() -> pool().starting() == 3);
        pools.setTarget(IMAGE, 3);
        assertThat(pool().starting()).as("asking again starts no more").isEqualTo(3);
        docker.letStart(3);

        await("3 ready").atMost(PATIENCE).until(() -> pool().ready() == 3 && pool().starting() == 0);
        assertThat(docker.starts()).as("containers started").isEqualTo(3);
    }

    @Test
    void anImageDockerDoesNotHaveMakesAFaultyPoolThatRefusesRunsAsUnknown() {
        pools.addPool("missing/image", PoolSettings.withTarget(1)).join();

        PoolSnapshot faulty = pools.snapshots().get(0);
        assertThat(faulty.state()).as("state").isEqualTo(PoolState.FAULTY);
        assertThat(faulty.problem()).as("problem").contains("is not on this machine").contains("docker load");
        assertThatThrownBy(() -> pools.claim("missing/image", PATIENCE)).isInstanceOf(RunRejectedException.class)
                .extracting(e -> ((RunRejectedException) e).reason()).isEqualTo(RunRejectedException.Reason.UNKNOWN_IMAGE);
    }

    @Test
    void anImageWithoutARuleServesButEveryRunIsFaultyWithTheReason() {
        pools.addPool("no-rule", PoolSettings.withTarget(1)).join();

        Claim claim = pools.claim("no-rule", PATIENCE);

        assertThat(claim.light().judge("", "", 0).fault()).as("verdict")
                .isEqualTo("no traffic-light rule: " + PoolManager.RULE_PATH + " in no-rule is missing");
    }

    @Test
    void aClaimForAnImageWithoutAPoolIsRefusedNamingThePools() {
        fill(1);

        assertThatThrownBy(() -> pools.claim("other/image", PATIENCE)).isInstanceOf(RunRejectedException.class)
                .hasMessageContaining("no pool for image other/image").hasMessageContaining("Pools: " + IMAGE);
    }

    @Test
    void removingAPoolRetiresItsIdleContainersAndLetsARunningOneFinish() {
        fill(2);
        Claim claim = pools.claim(IMAGE, PATIENCE);

        var removed = pools.removePool(IMAGE);
        await("idle ones gone").atMost(PATIENCE).until(() -> docker.running().equals(List.of(claim.containerId())));
        assertThat(removed).as("still draining while a run goes on").isNotDone();
        assertThat(pools.hasPool(IMAGE)).as("serving?").isFalse();

        pools.release(claim, "served", Outcome.GREEN, 10);
        await("drained and removed").atMost(PATIENCE).until(removed::isDone);
        assertThat(pools.snapshots()).as("pools").isEmpty();
        assertThat(docker.count()).as("containers").isZero();
    }

    @Test
    void aRecyclingPoolTakesBackAContainerAfterACleanRunAndReplacesItAfterItsRuns() {
        pools.addPool(IMAGE, new PoolSettings(1, true, null, 768, 128, 64, RunPathKind.AGENT, true, 2)).join();
        await("pool full").atMost(PATIENCE).until(() -> pool().ready() == 1);

        Claim first = pools.claim(IMAGE, PATIENCE);
        pools.release(first, "served 1", Outcome.GREEN, 5, true);
        await("back in the pool").atMost(PATIENCE).until(() -> pool().ready() == 1 && pool().recycling() == 0);
        Claim second = pools.claim(IMAGE, PATIENCE);
        assertThat(second.containerId()).as("the same container, wiped").isEqualTo(first.containerId());
        assertThat(docker.starts()).as("containers started so far").isEqualTo(1);

        pools.release(second, "served 2", Outcome.GREEN, 5, true);
        await("replaced after recycle_runs=2").atMost(PATIENCE).until(() -> pool().ready() == 1
                && !docker.running().contains(first.containerId()));
        assertThat(lifeOf(first.containerId()).exitReason()).as("why it went").isEqualTo("served 2 runs (recycle_runs)");
    }

    @Test
    void aRecycledContainerWhoseRunWasNotCleanIsReplaced() {
        pools.addPool(IMAGE, PoolSettings.withTarget(1).recycle(true)).join();
        await("pool full").atMost(PATIENCE).until(() -> pool().ready() == 1);

        Claim claim = pools.claim(IMAGE, PATIENCE);
        pools.release(claim, "timed out", Outcome.TIMED_OUT, 5, false);

        await("replaced").atMost(PATIENCE).until(() -> pool().ready() == 1 && !docker.running().contains(claim.containerId()));
        assertThat(docker.starts()).as("a replacement was started").isEqualTo(2);
    }

    @Test
    void aContainerOfARecyclingPoolThatDiesWhileBeingWipedIsReplaced() {
        pools.addPool(IMAGE, PoolSettings.withTarget(1).recycle(true)).join();
        await("pool full").atMost(PATIENCE).until(() -> pool().ready() == 1);
        Claim claim = pools.claim(IMAGE, PATIENCE);

        docker.kill(claim.containerId()); // its agent goes with it: the wipe never answers READY
        pools.release(claim, "served", Outcome.GREEN, 5, true);

        await("replaced").atMost(PATIENCE).until(() -> pool().ready() == 1 && pool().recycling() == 0
                && !docker.running().contains(claim.containerId()));
    }

    @Test
    void closingRemovesEveryContainerTheEngineStarted() {
        fill(2);
        pools.claim(IMAGE, PATIENCE);

        pools.close();

        assertThat(docker.count()).as("containers left").isZero();
    }

    private ContainerLife lifeOf(String id) {
        return pools.recentLives().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
