package org.warmpool.engine.pool;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.PoolRange;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A reactive pool's target on a fake clock: it grows on misses within its range and goes back to its min when idle. */
class ReactiveSizingTest {
    static final PoolRange ONE_TO_SIX = new PoolRange(1, 6, Duration.ofSeconds(300));
    Instant now = Instant.parse("2026-11-29T17:00:00Z");
    final ReactiveSizing sizing = new ReactiveSizing(ONE_TO_SIX, 1, now);

    @Test
    void itStartsAtItsMinimumAndSaysSo() {
        assertThat(sizing.target()).isEqualTo(1);
        assertThat(sizing.reason()).isEqualTo("Starts at its minimum, 1.");
    }

    @Test
    void aWarmRunChangesNothing() {
        assertThat(sizing.claimed(at(1), false, false)).isEmpty();
        assertThat(sizing.target()).isEqualTo(1);
    }

    @Test
    void eachColdStartOrWaitGrowsTheTargetByOneAtOnce() {
        Optional<ReactiveSizing.Change> first = sizing.claimed(at(1), true, false);
        assertThat(first).as("a cold start").map(ReactiveSizing.Change::target).contains(2);
        assertThat(first.orElseThrow().reason()).startsWith("Grew from 1 to 2 at ").endsWith(": a run started cold.");
        assertThat(sizing.claimed(at(1.2), false, true)).as("a wait for a container being wiped").map(ReactiveSizing.Change::target)
                .contains(3);
        assertThat(sizing.reason()).endsWith(": a run waited for a container.");
    }

    @Test
    void itNeverGrowsBeyondItsMaximum() {
        for (int i = 0; i < 20; i++) {
            sizing.claimed(at(1 + i * 0.1), true, false);
        }
        assertThat(sizing.target()).isEqualTo(6);
        assertThat(sizing.reason()).as("the change that reached it").startsWith("Grew from 5 to 6").endsWith("(its maximum).");
        assertThat(sizing.claimed(at(5), true, false)).as("a miss at the maximum").isEmpty();
    }

    @Test
    void itKeepsItsSizeWhileRunsComeEvenWithoutMisses() {
        sizing.claimed(at(1), true, false);
        sizing.claimed(at(2), true, false);
        for (int s = 60; s <= 900; s += 60) {
            sizing.claimed(at(s), false, false);
            assertThat(sizing.tick(at(s + 1))).as("a tick %d s in, a run a minute ago", s).isEmpty();
        }
        assertThat(sizing.target()).isEqualTo(3);
    }

    @Test
    void afterTheIdleTimeWithoutARunItGoesBackToItsMinimum() {
        sizing.claimed(at(1), true, false);
        sizing.claimed(at(2), true, false);
        assertThat(sizing.tick(at(301))).as("299 s after the last run").isEmpty();
        Optional<ReactiveSizing.Change> back = sizing.tick(at(302));
        assertThat(back).map(ReactiveSizing.Change::target).contains(1);
        assertThat(back.orElseThrow().reason()).startsWith("Back to its minimum, 1, at ").endsWith(": no run for 300 s.");
        assertThat(sizing.tick(at(1000))).as("already at its minimum").isEmpty();
    }

    @Test
    void anOperatorsTargetHoldsUntilTheNextIdlePeriod() {
        sizing.set(4, at(10));
        assertThat(sizing.target()).isEqualTo(4);
        assertThat(sizing.reason()).startsWith("Set to 4 by the operator at ");
        assertThat(sizing.tick(at(200))).isEmpty();
        assertThat(sizing.tick(at(310))).map(ReactiveSizing.Change::target).contains(1);
    }

    @Test
    void aRangeMustMakeSense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PoolRange(3, 3, Duration.ofSeconds(300)))
                .hasMessageContaining("min must be below its max, not 3..3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PoolRange(1, 65, Duration.ofSeconds(300)))
                .hasMessageContaining("between 0 and 64");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PoolRange(1, 6, Duration.ZERO))
                .hasMessageContaining("pool_idle_seconds must be at least 1");
    }

    Instant at(double seconds) {
        return now.plusMillis((long) (seconds * 1000));
    }
}
