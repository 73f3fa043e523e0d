package org.warmpool.engine.pool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.docker.InMemoryRuntime;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pools over several engines — spread by weight, claims from the least loaded, an engine that goes
 * away and comes back, an engine without the image — against three Docker engines in memory. The
 * same against three real daemons is {@link SeveralEnginesTest}.
 */
class EngineSetTest {
    static final String IMAGE = PoolBookkeepingTest.IMAGE;
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final long GB = 1L << 30;

    final InMemoryRuntime a = engine();
    final InMemoryRuntime b = engine();
    final InMemoryRuntime c = engine();
    final EventBus bus = new EventBus();
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    EngineSet engines;

    static InMemoryRuntime engine() {
        return new InMemoryRuntime().withImage(IMAGE, Map.of(PoolManager.RULE_PATH, PoolBookkeepingTest.RULE)).withInfo(2, 4 * GB);
    }

    @BeforeEach
    void start() {
        bus.subscribe("test", events::add);
    }

    void startOn(InMemoryRuntime... runtimes) {
        List<EngineSet.Endpoint> endpoints = new ArrayList<>();
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < runtimes.length; i++) {
            endpoints.add(new EngineSet.Endpoint(names[i], "unix:///" + names[i] + ".sock", runtimes[i]));
        }
        engines = new EngineSet(endpoints, PoolBookkeepingTest.JAVA_RULES, bus, 2, Duration.ofHours(1), Duration.ofSeconds(5),
                Clock.systemUTC());
        engines.start();
    }

    @AfterEach
    void close() {
        for (InMemoryRuntime r : List.of(a, b, c)) {
            r.comeBack();
        }
        if (engines != null) {
            engines.close();
        }
        bus.close();
    }

    PoolSnapshot pool() {
        return engines.snapshot(IMAGE);
    }

    Map<String, Integer> readyByEngine() {
        return pool().engines().stream().collect(Collectors.toMap(PoolShare::engine, PoolShare::ready));
    }

    Map<String, Integer> targetByEngine() {
        return pool().engines().stream().collect(Collectors.toMap(PoolShare::engine, PoolShare::target));
    }

    @Test
    void anOperatorsTargetForAReactivePoolOnOneEngineIsTheOperatorsAndShrinksIt() {
        startOn(a);
        engines.addPool(IMAGE, PoolSettings.withTarget(1).range(new org.warmpool.engine.api.PoolRange(1, 6,
                Duration.ofSeconds(300)))).join();
        engines.setTarget(IMAGE, 3);
        await("three ready").atMost(PATIENCE).until(() -> pool().ready() == 3);
        assertThat(pool().targetReason()).as("why the target moved").contains("by the operator");

        engines.setTarget(IMAGE, 1);
        await("back to one ready").atMost(PATIENCE).until(() -> pool().ready() == 1 && a.running().size() == 1);
        assertThat(pool().range()).as("still auto").isNotNull();
    }

    @Test
    void aPoolIsSpreadOverTheEnginesAndItsCountsAreTheirSum() {
        startOn(a, b, c);

        engines.addPool(IMAGE, PoolSettings.withTarget(6)).join();

        await("two ready on each engine").atMost(PATIENCE).until(() -> readyByEngine().equals(Map.of("a", 2, "b", 2, "c", 2)));
        assertThat(pool().ready()).as("ready, summed").isEqualTo(6);
        assertThat(pool().target()).as("the target as asked").isEqualTo(6);
        assertThat(pool().state()).isEqualTo(PoolState.READY);
        assertThat(List.of(a.running().size(), b.running().size(), c.running().size())).as("containers on each daemon")
                .containsExactly(2, 2, 2);
        assertThat(engines.recentLives()).as("every container says its engine").extracting(ContainerLife::engine)
                .containsOnly("a", "b", "c");
    }

    @Test
    void aBiggerEngineTakesABiggerShare() {
        startOn(a.withInfo(6, 12 * GB), b);

        engines.addPool(IMAGE, PoolSettings.withTarget(4)).join();

        await("3 and 1").atMost(PATIENCE).until(() -> readyByEngine().equals(Map.of("a", 3, "b", 1)));
        EngineStatus big = engines.engines().get(0);
        assertThat(big.cores()).as("docker info's cores").isEqualTo(6);
        assertThat(big.memoryBytes()).as("docker info's memory").isEqualTo(12 * GB);
    }

    @Test
    void claimsTakeFromTheLeastLoadedEngine() {
        startOn(a, b, c);
        engines.addPool(IMAGE, PoolSettings.withTarget(6)).join();
        await("full").atMost(PATIENCE).until(() -> pool().ready() == 6);

        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claims.add(engines.claim(IMAGE, PATIENCE));
        }

        assertThat(claims).as("three claims, one per engine").extracting(Claim::engine).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(claims.get(0).runtime()).as("a claim knows its engine's runtime")
                .isSameAs(Map.of("a", a, "b", b, "c", c).get(claims.get(0).engine()));
        claims.forEach(claim -> engines.release(claim, "served", Outcome.GREEN, 10));
        await("runs counted per engine").atMost(PATIENCE)
                .until(() -> engines.engines().stream().allMatch(e -> e.runs() == 1 && e.runsPerSecond() > 0));
    }

    @Test
    void anEngineThatStopsAnsweringGivesItsShareToTheOthersAndTakesItBackOnItsReturn() {
        startOn(a, b, c);
        engines.addPool(IMAGE, PoolSettings.withTarget(6)).join();
        await("spread").atMost(PATIENCE).until(() -> readyByEngine().equals(Map.of("a", 2, "b", 2, "c", 2)));

        c.goDown();

        await("c's share on a and b").atMost(PATIENCE).until(() -> targetByEngine().equals(Map.of("a", 3, "b", 3, "c", 0))
                && readyByEngine().get("a") == 3 && readyByEngine().get("b") == 3);
        assertThat(events).as("told").anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(EngineEvent.EngineDown.class,
                down -> assertThat(down.engine()).isEqualTo("c")));
        assertThat(engines.dockerAvailable()).as("Warmpool still serves").isTrue();
        assertThat(engines.engines().get(2).up()).as("c is down").isFalse();
        assertThat(engines.engines().get(2).lastError()).as("why").contains("not answering");
        for (int i = 0; i < 10; i++) {
            Claim claim = engines.claim(IMAGE, PATIENCE);
            assertThat(claim.engine()).as("claim " + i + " goes elsewhere").isIn("a", "b");
            engines.release(claim, "served", Outcome.GREEN, 10);
        }

        c.comeBack();

        await("c takes its share back").atMost(PATIENCE).until(() -> targetByEngine().equals(Map.of("a", 2, "b", 2, "c", 2))
                && readyByEngine().equals(Map.of("a", 2, "b", 2, "c", 2)));
        assertThat(events).as("told").anySatisfy(e -> assertThat(e).isInstanceOf(EngineEvent.EngineUp.class));
        assertThat(c.running()).as("on c: only its fresh share").hasSize(2);
    }

    @Test
    void anEngineWithoutTheImageShowsItAndHoldsNoShareUntilItIsCopiedThere() {
        InMemoryRuntime bare = new InMemoryRuntime().withInfo(2, 4 * GB);
        startOn(a, bare);

        engines.addPool(IMAGE, PoolSettings.withTarget(4)).join();

        await("all on a").atMost(PATIENCE).until(() -> pool().ready() == 4);
        assertThat(pool().engines()).as("only a holds the pool").extracting(PoolShare::engine).containsExactly("a");
        assertThat(engines.engines().get(1).missing()).as("b lacks it").containsExactly(IMAGE);
        assertThat(engines.engines().get(0).images()).as("a has it").containsExactly(IMAGE);
        assertThat(bare.running()).as("nothing on b").isEmpty();
    }

    @Test
    void copyingTheImageToAnEngineGivesItAShareAndSaysHowFarItGot() {
        InMemoryRuntime bare = new InMemoryRuntime().withInfo(2, 4 * GB);
        startOn(a, bare);
        engines.addPool(IMAGE, PoolSettings.withTarget(4)).join();
        await("all on a").atMost(PATIENCE).until(() -> pool().ready() == 4);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

        engines.copyImage(IMAGE, "b", sent::set).join();

        assertThat(sent.get()).as("bytes sent, as progress").isGreaterThan(64 * 1024);
        assertThat(bare.imageExists(IMAGE)).as("b has the image").isTrue();
        await("b takes its half").atMost(PATIENCE).until(() -> readyByEngine().equals(Map.of("a", 2, "b", 2)));
        assertThat(engines.engines().get(1).images()).as("b shows it").containsExactly(IMAGE);
    }

    @Test
    void aCancelledCopyLeavesNothingOnTheEngine() {
        InMemoryRuntime bare = new InMemoryRuntime().withInfo(2, 4 * GB);
        startOn(a, bare);
        engines.addPool(IMAGE, PoolSettings.withTarget(2)).join();
        a.holdSaves();

        var copy = engines.copyImage(IMAGE, "b", n -> { });
        copy.cancel(false);
        a.letSavesGo();

        await("the copy ended").atMost(PATIENCE).until(copy::isDone);
        assertThat(copy).as("cancelled").isCancelled();
        assertThat(bare.imageExists(IMAGE)).as("nothing loaded on b").isFalse();
    }

    @Test
    void copyingSaysWhatIsWrong() {
        startOn(a, b);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engines.copyImage(IMAGE, "z", n -> { }))
                .hasMessageContaining("no engine named z").hasMessageContaining("a, b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engines.copyImage(IMAGE, "b", n -> { }))
                .hasMessageContaining("already has");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engines.copyImage("nobody/has-it", "b", n -> { }))
                .hasMessageContaining("no engine that answers has nobody/has-it");
    }

    @Test
    void aRunWhoseEngineGoesAwayUnderItRunsAgainOnAnotherAndIsNotLost() {
        startOn(a, b);
        engines.addPool(IMAGE, PoolSettings.withTarget(2).runPath(org.warmpool.engine.api.RunPathKind.EXEC)).join();
        await("one on each").atMost(PATIENCE).until(() -> readyByEngine().equals(Map.of("a", 1, "b", 1)));
        for (InMemoryRuntime engine : List.of(a, b)) {
            engine.onExec((id, command, stdin) -> {
                if (command.toString().contains("cyber-dojo.sh")) {
                    engine.goDown(); // the host vanishes while the script runs
                    throw new org.warmpool.engine.docker.DockerUnavailableException("connection reset by peer", null);
                }
                return InMemoryRuntime.result(0, "", "");
            });
        }
        a.onExec((id, command, stdin) -> InMemoryRuntime.result(0, "hello\n", "")); // a answers
        org.warmpool.engine.run.Runner runner = new org.warmpool.engine.run.Runner(engines,
                new org.warmpool.engine.run.ExecRunPath(a), new org.warmpool.engine.run.AgentRunPath(a), bus, Clock.systemUTC());
        Claim busy = engines.claim(IMAGE, PATIENCE); // a is busier: the run goes to b first
        assertThat(busy.engine()).isIn("a", "b");
        if (busy.engine().equals("b")) { // make b the lighter one
            engines.release(busy, "not used", null, 0);
            busy = engines.claim(IMAGE, PATIENCE);
        }

        org.warmpool.engine.api.RunResult result = runner.run(new org.warmpool.engine.run.RunRequest("r1", IMAGE, 5,
                org.warmpool.engine.DemoImages.script("echo hello"), false), System.nanoTime());

        assertThat(result.outcome()).as("green, from a: " + result.log().content()).isEqualTo(Outcome.GREEN);
        assertThat(result.stdout().content()).isEqualTo("hello\n");
        assertThat(engines.engines().get(1).up()).as("b marked down").isFalse();
        engines.release(busy, "not used", null, 0);
    }

    @Test
    void whenNoEngineAnswersClaimsWaitForOneWithinTheGrace() throws Exception {
        startOn(a, b);
        engines.addPool(IMAGE, PoolSettings.withTarget(2)).join();
        await("full").atMost(PATIENCE).until(() -> pool().ready() == 2);
        a.goDown();
        b.goDown();
        await("both down").atMost(PATIENCE).until(() -> !engines.dockerAvailable());

        var claim = java.util.concurrent.CompletableFuture.supplyAsync(() -> engines.claim(IMAGE, PATIENCE));
        Thread.sleep(300);
        assertThat(claim).as("waiting, not refused").isNotDone();
        b.comeBack();

        assertThat(claim.get(20, java.util.concurrent.TimeUnit.SECONDS).engine()).as("served by the one that came back")
                .isEqualTo("b");
    }
}
