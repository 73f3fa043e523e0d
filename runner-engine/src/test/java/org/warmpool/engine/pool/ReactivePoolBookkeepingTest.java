package org.warmpool.engine.pool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.docker.InMemoryRuntime;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reactive pool in the pool manager, against a Docker engine in memory and a clock the test
 * moves: cold starts grow it, idling (on the test's clock) brings it back, and its snapshot says
 * "auto", the range and why.
 */
class ReactivePoolBookkeepingTest {
    static final String IMAGE = "cyberdojo/busybox";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final InMemoryRuntime docker = new InMemoryRuntime()
            .withImage(IMAGE, Map.of(PoolManager.RULE_PATH, PoolBookkeepingTest.RULE));
    final EventBus bus = new EventBus();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T17:00:00Z"));
    PoolManager pools;

    @BeforeEach
    void start() {
        pools = new PoolManager(docker, PoolBookkeepingTest.JAVA_RULES, bus, 2, Duration.ofHours(1), clock);
        pools.start();
    }

    @AfterEach
    void close() {
        pools.close();
        bus.close();
    }

    PoolSnapshot pool() {
        return pools.snapshots().stream().filter(p -> p.image().equals(IMAGE)).findFirst().orElseThrow();
    }

    @Test
    void coldStartsGrowItWithinItsRangeAndIdleOnTheClockItGoesBackToItsMin() {
        pools.addPool(IMAGE, PoolSettings.withTarget(1).range(new PoolRange(1, 3, Duration.ofSeconds(300)))).join();
        await("its one ready container").atMost(PATIENCE).until(() -> pool().ready() == 1);
        assertThat(pool().mode()).isEqualTo("auto");
        assertThat(pool().range()).isEqualTo(new PoolRange(1, 3, Duration.ofSeconds(300)));
        assertThat(pool().targetReason()).isEqualTo("Starts at its minimum, 1.");

        docker.holdStarts(); // the refill waits, so the next claim finds the pool empty
        Claim warm = pools.claim(IMAGE, PATIENCE);
        java.util.concurrent.CompletableFuture<Claim> coldClaim =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> pools.claim(IMAGE, PATIENCE));
        await("grown on the cold start, before its container has even started").atMost(PATIENCE)
                .until(() -> pool().target() == 2);
        docker.stopHoldingStarts();
        Claim cold = coldClaim.join();

        assertThat(warm.warm()).isTrue();
        assertThat(cold.warm()).isFalse();
        assertThat(pool().target()).as("one cold start: one more").isEqualTo(2);
        assertThat(pool().targetReason()).startsWith("Grew from 1 to 2 at ").endsWith(": a run started cold.");
        await("two ready").atMost(PATIENCE).until(() -> pool().ready() == 2);
        pools.release(warm, "served", Outcome.RED, 10);
        pools.release(cold, "served", Outcome.RED, 10);

        clock.advance(Duration.ofSeconds(299));
        assertThat(pool().target()).as("299 s after the last run").isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        await("back to its min once the idle time has passed on the clock").atMost(PATIENCE).until(() -> pool().target() == 1);
        assertThat(pool().targetReason()).startsWith("Back to its minimum, 1, at ").endsWith(": no run for 300 s.");
        await("its surplus container retired").atMost(PATIENCE).until(() -> pool().ready() == 1);
    }

    @Test
    void anOperatorsTargetIsSaidToBeTheirs() {
        pools.addPool(IMAGE, PoolSettings.withTarget(1)).join();
        assertThat(pool().mode()).isEqualTo("fixed");
        assertThat(pool().targetReason()).isEmpty();

        pools.setTarget(IMAGE, 1);
        assertThat(pool().targetReason()).as("the same target again (a refill) is no change").isEmpty();
        pools.setTarget(IMAGE, 2);
        assertThat(pool().targetReason()).startsWith("Set to 2 by the operator at ");
    }

    @Test
    void aPoolWithoutRunsHasNoAdviceYetAndSaysWhy() {
        pools.addPool(IMAGE, PoolSettings.withTarget(1)).join();
        assertThat(pool().advice().applicable()).isFalse();
        assertThat(pool().advice().why()).isEqualTo("Not enough runs to advise: 0 in the last 5 minutes (20 needed).");
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
