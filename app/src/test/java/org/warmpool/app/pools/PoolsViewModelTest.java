package org.warmpool.app.pools;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Pools view model without a screen or an engine: fed snapshots by hand. */
class PoolsViewModelTest {
    final PoolsViewModel model = new PoolsViewModel(null, null, Runnable::run);

    static PoolSnapshot pool(String image, int target, int ready, int running) {
        return new PoolSnapshot(image, "ready", "", target, ready, 0, running, 0, 4, 1,
                Map.of("red", 2L, "amber", 1L, "green", 3L, "timed_out", 0L, "faulty", 0L), 120, 300, true,
                "/usr/local/bin/red_amber_green.rb", true);
    }

    static EngineSnapshot snapshot(long second, PoolSnapshot... pools) {
        return new EngineSnapshot(Instant.ofEpochSecond(second), true, "", List.of(pools), List.of(),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0);
    }

    @Test
    void rowsFollowThePoolsInTheSnapshotsSortedByImage() {
        model.update(snapshot(1, pool("warmpool/python-pytest", 2, 1, 1), pool("warmpool/busybox", 1, 1, 0)));
        assertThat(model.rows()).extracting(PoolRow::image).containsExactly("warmpool/busybox", "warmpool/python-pytest");
        PoolRow pytest = model.rows().get(1);
        assertThat(pytest.countsProperty().get()).isEqualTo("ready 1 · starting 0 · running 1 · retiring 0");
        assertThat(pytest.startsProperty().get()).isEqualTo("4 warm · 1 cold");
        assertThat(pytest.latencyProperty().get()).isEqualTo("p50 120 ms · p95 300 ms");
        assertThat(pytest.outcome("green")).isEqualTo(3);

        model.update(snapshot(2, pool("warmpool/busybox", 1, 1, 0)));
        assertThat(model.rows()).as("a removed pool's row goes").extracting(PoolRow::image).containsExactly("warmpool/busybox");
    }

    @Test
    void theChartKeepsOneSampleASecondForFiveMinutesAndNoMore() {
        for (int second = 0; second < 400; second++) {
            model.update(snapshot(second, pool("warmpool/busybox", 2, second % 3, 1)));
            model.update(snapshot(second, pool("warmpool/busybox", 2, second % 3, 1))); // 4 frames a second
        }
        List<PoolRow.Sample> history = model.rows().get(0).history();
        assertThat(history).hasSize(PoolRow.HISTORY);
        assertThat(history.get(history.size() - 1).epochSecond()).isEqualTo(399);
        assertThat(history.get(0).epochSecond()).isEqualTo(100);
    }
}
