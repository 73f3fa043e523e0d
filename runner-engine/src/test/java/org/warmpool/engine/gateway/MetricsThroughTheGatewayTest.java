package org.warmpool.engine.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.core.EngineConfig;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} on a real engine after real runs: a warm one, then a cold one (the pool's
 * target set to 0), each through the cyber-dojo HTTP door; and the token in front of it.
 */
class MetricsThroughTheGatewayTest {
    static ServedEngine.Served served;
    static ServedEngine.Served guarded;

    @BeforeAll
    static void serve() {
        served = ServedEngine.start(EngineConfig.defaults().withPool(DemoImages.BUSYBOX, PoolSettings.withTarget(1)),
                GatewayConfig.loopback(0, 0));
        guarded = ServedEngine.start(EngineConfig.defaults(), GatewayConfig.loopback(0, 0).withToken("T"));
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    void aScrapeAfterAWarmAndAColdRunShowsTheRunsTheHistogramThePoolAndTheColdStart() {
        String script = "echo hello\n";
        HttpTestClient.Reply warm = HttpTestClient.post(served.httpPort(), "/run_cyber_dojo_sh",
                HttpTestClient.runBody("m-1", DemoImages.BUSYBOX, 10, DemoImages.script(script)));
        assertThat(warm.json().path("run_cyber_dojo_sh").path("outcome").asText()).as(warm.body()).isEqualTo("green");
        served.engine().setTarget(DemoImages.BUSYBOX, 0);
        await("the pool empty").atMost(Duration.ofSeconds(30))
                .until(() -> served.engine().snapshot().pool(DemoImages.BUSYBOX).ready() == 0);
        HttpTestClient.Reply cold = HttpTestClient.post(served.httpPort(), "/run_cyber_dojo_sh",
                HttpTestClient.runBody("m-2", DemoImages.BUSYBOX, 10, DemoImages.script(script)));
        assertThat(cold.json().path("run_cyber_dojo_sh").path("outcome").asText()).as(cold.body()).isEqualTo("green");

        HttpTestClient.Reply scrape = HttpTestClient.get(served.httpPort(), "/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.response().headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        String text = scrape.body();
        assertThat(text).as("the runs, by how their container started")
                .contains("warmpool_runs_total{image=\"warmpool/busybox\",outcome=\"green\",start=\"warm\"} 1.0")
                .contains("warmpool_runs_total{image=\"warmpool/busybox\",outcome=\"green\",start=\"cold\"} 1.0")
                .contains("warmpool_cold_starts_total{image=\"warmpool/busybox\"} 1.0")
                .contains("# TYPE warmpool_run_duration_seconds histogram")
                .contains("warmpool_pool_target{image=\"warmpool/busybox\"} 0.0")
                .contains("warmpool_pool_containers{engine=\"local\",image=\"warmpool/busybox\",state=\"ready\"} 0.0")
                .contains("warmpool_connections ").contains("warmpool_queue_depth 0.0")
                .contains("jvm_memory_used_bytes").contains("process_cpu_usage");
        for (String phase : new String[]{"queued", "claim", "exec", "colour", "total"}) {
            assertThat(text).as("both runs in the %s histogram", phase)
                    .contains("warmpool_run_duration_seconds_count{image=\"warmpool/busybox\",phase=\"" + phase + "\"} 2")
                    .contains("warmpool_run_duration_seconds_bucket{image=\"warmpool/busybox\",phase=\"" + phase + "\",le=\"+Inf\"} 2");
        }
        double coldClaim = value(text, "warmpool_run_duration_seconds_sum{image=\"warmpool/busybox\",phase=\"claim\"}");
        assertThat(coldClaim).as("the cold claim started a container: tens of milliseconds at least").isGreaterThan(0.02);
    }

    @Test
    void withATokenTheScrapeNeedsItLikeEverythingElse() {
        assertThat(HttpTestClient.get(guarded.httpPort(), "/metrics").status()).as("without the token").isEqualTo(401);
        HttpTestClient.Reply withToken = HttpTestClient.send(guarded.httpPort(), "GET", "/metrics", null,
                Map.of("Authorization", "Bearer T"));
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.body()).contains("warmpool_connections");
    }

    static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not in the scrape"));
    }
}
