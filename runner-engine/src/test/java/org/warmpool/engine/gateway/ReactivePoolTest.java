package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.run.RunRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reactive pool on a real engine: the python-pytest start point at 3 submissions a second against
 * {@code warmpool/python-pytest=1..6} (idle time 8 s). The pool grows as runs start cold, so later
 * runs are warm more often than the first ones; idle, it goes back to 1; {@code /api/pools} says
 * "auto", the range, why the target last changed and the advice. Prints its figures.
 */
class ReactivePoolTest {
    static final String IMAGE = DemoImages.PYTHON_PYTEST;
    static final Duration IDLE = Duration.ofSeconds(8);
    static final int RUNS = 135;
    /** Three submissions each second, together (a room pressing "test" at once): whatever the machine's speed, a pool of 1 misses. */
    static final int AT_ONCE = 3;
    static final long EVERY_MILLIS = 1000;
    static ServedEngine.Served served;

    @BeforeAll
    static void serve() {
        served = ServedEngine.start(EngineConfig.defaults().withPool(IMAGE, PoolSettings.withTarget(1).range(new PoolRange(1, 6, IDLE))),
                GatewayConfig.loopback(0, 0));
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void underThreeRunsASecondThePoolGrowsLaterRunsAreWarmAndIdleItGoesBackToOne() throws Exception {
        assertThat(pool().target()).as("it starts at its min").isEqualTo(1);
        List<CompletableFuture<RunResult>> runs = new ArrayList<>();
        // read once: on two busy cores, reading the start point for every submission made the sender fall behind
        org.warmpool.engine.archive.SubmissionFiles startPoint = DemoImages.startPoint(IMAGE);
        int maxTarget = 1;
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((i / AT_ONCE) * EVERY_MILLIS);
            while (System.nanoTime() < due) {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())));
            }
            runs.add(served.engine().run(new RunRequest("reactive-" + i, IMAGE, 15, startPoint, false)));
            maxTarget = Math.max(maxTarget, pool().target());
        }
        List<RunResult> results = new ArrayList<>();
        for (CompletableFuture<RunResult> run : runs) {
            results.add(run.get(120, TimeUnit.SECONDS));
        }
        double sent = (System.nanoTime() - start) / 1e9;
        PoolSnapshot grown = pool();
        JsonNode listed = poolsJson();
        double firstWarm = warmShare(results.subList(0, 30));
        double lastWarm = warmShare(results.subList(RUNS - 45, RUNS));
        System.out.printf("reactive pool 1..6: %d runs over %.1f s (%.2f/s); target at most %d; warm: first 30 %.0f %%, last 45 %.0f %%;"
                        + " cold starts %d; reason: %s%nadvice: %s%n", RUNS, sent, (RUNS - 1) / sent, maxTarget, 100 * firstWarm, 100 * lastWarm,
                grown.coldStarts(), grown.targetReason(), grown.advice().why());

        assertThat(results).as("every run answered with its traffic light").allMatch(r -> r.outcome().wireName().equals("red"));
        assertThat(maxTarget).as("the target grew, within the range").isBetween(3, 6);
        assertThat(grown.targetReason()).startsWith("Grew from");
        assertThat(lastWarm).as("the last 45 runs were warm more often than the first 30").isGreaterThan(firstWarm);
        assertThat(lastWarm).as("most of the last 45 runs were warm").isGreaterThanOrEqualTo(0.5);

        assertThat(listed.path("mode").asText()).isEqualTo("auto");
        assertThat(listed.path("min").asInt()).isEqualTo(1);
        assertThat(listed.path("max").asInt()).isEqualTo(6);
        assertThat(listed.path("target_reason").asText()).startsWith("Grew from");
        assertThat(listed.path("advice").path("target").isInt()).as("advice after %d runs: %s", RUNS, listed.path("advice")).isTrue();
        assertThat(listed.path("advice").path("why").asText()).contains("runs/s arrive").contains("keeps cold starts under 1 %");

        await("back to its min after " + IDLE.toSeconds() + " s without a run").atMost(IDLE.plusSeconds(15))
                .until(() -> pool().target() == 1);
        assertThat(pool().targetReason()).startsWith("Back to its minimum, 1, at ").endsWith(": no run for 8 s.");
        await("the surplus containers retired").atMost(Duration.ofSeconds(30)).until(() -> pool().ready() <= 1);
    }

    static double warmShare(List<RunResult> results) {
        return results.stream().filter(RunResult::warm).count() / (double) results.size();
    }

    static PoolSnapshot pool() {
        return served.engine().snapshot().pool(IMAGE);
    }

    static JsonNode poolsJson() {
        for (JsonNode pool : HttpTestClient.get(served.httpPort(), "/api/pools").json().path("pools")) {
            if (pool.path("image").asText().equals(IMAGE)) {
                return pool;
            }
        }
        throw new AssertionError("no " + IMAGE + " in /api/pools");
    }
}
