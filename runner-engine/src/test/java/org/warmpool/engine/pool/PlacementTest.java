package org.warmpool.engine.pool;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a pool's target is split over engines: by what each host has, always adding up. */
class PlacementTest {
    static final long GB = 1L << 30;

    static Map<String, Placement.Capacity> engines(Object... nameCoresGb) {
        Map<String, Placement.Capacity> m = new LinkedHashMap<>();
        for (int i = 0; i < nameCoresGb.length; i += 3) {
            m.put((String) nameCoresGb[i], new Placement.Capacity((Integer) nameCoresGb[i + 1], (Integer) nameCoresGb[i + 2] * GB));
        }
        return m;
    }

    @Test
    void equalHostsShareEqually() {
        assertThat(Placement.split(6, engines("a", 2, 4, "b", 2, 4, "c", 2, 4))).as("6 over three equal hosts")
                .containsExactly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2));
    }

    @Test
    void whatDoesNotDivideGoesToTheEnginesNamedFirst() {
        assertThat(Placement.split(5, engines("a", 2, 4, "b", 2, 4, "c", 2, 4))).as("5 over three equal hosts")
                .containsExactly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 1));
    }

    @Test
    void aBiggerHostTakesMore() {
        // 8 of 10 cores and 16 of 20 GB: weight 0.8
        assertThat(Placement.split(10, engines("big", 8, 16, "small", 2, 4))).as("by cores and memory")
                .containsExactly(Map.entry("big", 8), Map.entry("small", 2));
    }

    @Test
    void coresAndMemoryCountHalfEach() {
        // many cores, little memory vs few cores, much memory: equal
        assertThat(Placement.split(4, engines("cpu", 6, 2, "mem", 2, 6))).as("balanced")
                .containsExactly(Map.entry("cpu", 2), Map.entry("mem", 2));
    }

    @Test
    void thePartsAlwaysAddUpToTheTarget() {
        for (int target = 0; target <= 40; target++) {
            Map<String, Integer> parts = Placement.split(target, engines("a", 3, 7, "b", 5, 2, "c", 1, 1));
            assertThat(parts.values().stream().mapToInt(Integer::intValue).sum()).as("target " + target).isEqualTo(target);
        }
    }

    @Test
    void noEnginesNoParts() {
        assertThat(Placement.split(3, Map.of())).isEmpty();
    }

    @Test
    void loadIsRunsInFlightPerWeight() {
        assertThat(Placement.load(2, 0.5)).as("2 runs on half").isEqualTo(4.0);
        assertThat(Placement.load(1, 0.25)).as("1 run on a quarter").isEqualTo(4.0);
        assertThat(Placement.load(0, 0.1)).isZero();
    }

    @Test
    void aReactivePoolsRangeIsSplitLikeItsTarget() {
        PoolSettings auto = PoolSettings.withTarget(1).range(new PoolRange(1, 6, java.time.Duration.ofSeconds(60)));
        Map<String, PoolSettings> parts = Placement.parts(auto, engines("a", 2, 4, "b", 2, 4, "c", 2, 4));
        assertThat(parts.get("a").range()).as("a's part").isEqualTo(new PoolRange(1, 2, java.time.Duration.ofSeconds(60)));
        assertThat(parts.get("b").range()).as("b's part").isEqualTo(new PoolRange(0, 2, java.time.Duration.ofSeconds(60)));
        assertThat(parts.get("c").range()).as("c's part").isEqualTo(new PoolRange(0, 2, java.time.Duration.ofSeconds(60)));
        assertThat(parts.values()).as("the parts add up").extracting(p -> p.range().max()).containsExactly(2, 2, 2);

        Map<String, PoolSettings> small = Placement.parts(PoolSettings.withTarget(1).range(new PoolRange(1, 2,
                java.time.Duration.ofSeconds(60))), engines("a", 2, 4, "b", 2, 4, "c", 2, 4));
        assertThat(small.get("c").reactive()).as("an engine whose share of the max is no more than of the min").isFalse();
        assertThat(small.get("c").target()).isZero();
        assertThat(small.get("a").target() + small.get("b").target() + small.get("c").target()).as("targets at the mins")
                .isEqualTo(1);
    }
}
