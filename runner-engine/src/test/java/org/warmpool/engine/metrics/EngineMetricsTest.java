package org.warmpool.engine.metrics;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;
import org.warmpool.engine.api.Timings;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What Prometheus reads at {@code GET /metrics}, from an engine whose state the test sets. */
class EngineMetricsTest {
    static final String PYTEST = "warmpool/python-pytest";

    final AtomicReference<EngineSnapshot> state = new AtomicReference<>(engine(List.of(pool(PYTEST, 3, 2, 1, 4, 1, 7)),
            5, 2, Map.of("rate", 4L, "queue_full", 1L)));
    final EngineMetrics metrics = new EngineMetrics(state::get);

    @Test
    void poolGaugesShowEachStateWithItsImageAndEngineAndTheTarget() {
        String scrape = metrics.scrape();
        assertThat(scrape).as("the pool's containers by state")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/python-pytest\",state=\"ready\"} 2.0")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/python-pytest\",state=\"starting\"} 1.0")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/python-pytest\",state=\"running\"} 4.0")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/python-pytest\",state=\"retiring\"} 1.0")
                .contains("warmpool_pool_target{image=\"warmpool/python-pytest\"} 3.0")
                .contains("warmpool_cold_starts_total{image=\"warmpool/python-pytest\"} 7.0");
    }

    @Test
    void connectionsQueueAndThrottlingAreReadAtEachScrape() {
        assertThat(metrics.scrape()).contains("warmpool_connections 5.0").contains("warmpool_queue_depth 2.0")
                .contains("warmpool_throttled_total{reason=\"rate\"} 4.0").contains("warmpool_throttled_total{reason=\"queue_full\"} 1.0");
        state.set(engine(List.of(pool(PYTEST, 3, 3, 0, 0, 0, 9)), 1, 0, Map.of("rate", 6L, "queue_full", 1L)));
        assertThat(metrics.scrape()).as("a second scrape, after the engine moved on")
                .contains("warmpool_connections 1.0").contains("warmpool_queue_depth 0.0")
                .contains("warmpool_throttled_total{reason=\"rate\"} 6.0")
                .contains("warmpool_cold_starts_total{image=\"warmpool/python-pytest\"} 9.0")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/python-pytest\",state=\"ready\"} 3.0");
    }

    @Test
    void aPoolThatIsGoneLeavesNoSeries() {
        assertThat(metrics.scrape()).contains("image=\"warmpool/python-pytest\"");
        state.set(engine(List.of(pool("warmpool/busybox", 1, 1, 0, 0, 0, 0)), 0, 0, Map.of()));
        String scrape = metrics.scrape();
        assertThat(scrape).doesNotContain("warmpool_pool_target{image=\"warmpool/python-pytest\"}")
                .contains("warmpool_pool_target{image=\"warmpool/busybox\"} 1.0");
    }

    @Test
    void runsAreCountedByOutcomeAndStartAndTheirPhasesFallInTheHistogram() {
        metrics.recordRun(run(Outcome.RED, true, new Timings(0, 3, 420, 2, 430)));
        metrics.recordRun(run(Outcome.RED, true, new Timings(12, 2, 380, 2, 400)));
        metrics.recordRun(run(Outcome.GREEN, false, new Timings(0, 610, 450, 3, 1070)));
        String scrape = metrics.scrape();
        assertThat(scrape)
                .contains("warmpool_runs_total{image=\"warmpool/python-pytest\",outcome=\"red\",start=\"warm\"} 2.0")
                .contains("warmpool_runs_total{image=\"warmpool/python-pytest\",outcome=\"green\",start=\"cold\"} 1.0")
                .contains("warmpool_run_duration_seconds_count{image=\"warmpool/python-pytest\",phase=\"total\"} 3")
                .contains("warmpool_run_duration_seconds_sum{image=\"warmpool/python-pytest\",phase=\"total\"} 1.9")
                .as("two totals under 0.5 s, the cold one over 1 s")
                .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/python-pytest\",phase=\"total\",le=\"0.5\"} 2")
                .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/python-pytest\",phase=\"total\",le=\"1.0\"} 2")
                .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/python-pytest\",phase=\"total\",le=\"2.5\"} 3")
                .as("the cold claim is the only slow one")
                .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/python-pytest\",phase=\"claim\",le=\"0.005\"} 2")
                .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/python-pytest\",phase=\"claim\",le=\"1.0\"} 3");
        for (String phase : EngineMetrics.PHASES) {
            assertThat(scrape).contains("warmpool_run_duration_seconds_count{image=\"warmpool/python-pytest\",phase=\"" + phase + "\"} 3");
        }
    }

    @Test
    void jvmAndProcessFiguresComeToo() {
        assertThat(metrics.scrape()).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads")
                .contains("process_cpu_usage").contains("process_uptime_seconds").contains("jvm_classes_loaded_classes");
    }

    @Test
    void noSeriesCarriesASubmissionOfItsOwn() {
        metrics.recordRun(run(Outcome.RED, true, new Timings(0, 3, 420, 2, 430)));
        List<String> ours = metrics.scrape().lines().filter(line -> line.startsWith("warmpool_")).toList();
        assertThat(ours).as("Warmpool's series").isNotEmpty();
        assertThat(ours).as("ids and containers are per submission: never labels")
                .noneMatch(line -> line.contains("kata-1") || line.contains("container-1") || line.matches(".*[{,]id=.*"));
    }

    static RunResult run(Outcome outcome, boolean warm, Timings timings) {
        return new RunResult("kata-1", PYTEST, outcome, "1", Output.EMPTY, Output.EMPTY, Map.of(), Map.of(), Output.EMPTY, timings,
                warm, "container-1");
    }

    static PoolSnapshot pool(String image, int target, int ready, int starting, int running, int retiring, long cold) {
        return new PoolSnapshot(image, PoolState.READY, "", target, ready, starting, running, retiring, 10, cold, Map.of(), 0, 0,
                true, "", true);
    }

    static EngineSnapshot engine(List<PoolSnapshot> pools, int connections, int queued, Map<String, Long> rejections) {
        ThrottleSnapshot throttle = new ThrottleSnapshot(ThrottleLimits.defaults(), connections, queued, queued, rejections);
        return new EngineSnapshot(Instant.parse("2026-11-29T17:00:00Z"), true, "", pools, List.of(), throttle, 0, 0, 0, 0, 0, 0);
    }
}
