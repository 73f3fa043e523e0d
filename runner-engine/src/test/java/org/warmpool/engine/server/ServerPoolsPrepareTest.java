package org.warmpool.engine.server;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.InMemoryRuntime;
import org.warmpool.engine.pool.PoolManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** "Prepare all" on an engine whose Docker starts containers only when the test lets it. */
class ServerPoolsPrepareTest {
    static final String IMAGE = "warmpool/busybox";
    static final String RULE = "lambda { |stdout, stderr, status| status == 0 ? :green : :red }";

    @Test
    void preparingReportsEachPoolUntilFullAndCancellingEndsItWhileThePoolKeepsItsTarget() throws Exception {
        InMemoryRuntime docker = new InMemoryRuntime().withImage(IMAGE, Map.of(PoolManager.RULE_PATH, RULE));
        docker.holdStarts();
        try (Engine engine = Engine.start(EngineConfig.defaults(), docker)) {
            ServerPools pools = new ServerPools(engine, new SettingsStore(new Settings(), null, false));
            engine.addPool(IMAGE, PoolSettings.withTarget(3)).get(120, TimeUnit.SECONDS);
            List<List<Pools.PoolProgress>> told = new CopyOnWriteArrayList<>();

            Pools.Preparation preparation = pools.prepare(List.of(), told::add);
            docker.letStart(1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(told).isNotEmpty()
                    .last().isEqualTo(List.of(new Pools.PoolProgress(IMAGE, 1, 3, false, ""))));
            assertThat(preparation.done()).as("done while the pool is short").isNotDone();

            preparation.cancel();

            assertThat(preparation.done().get(1, TimeUnit.SECONDS)).as("where it stopped")
                    .containsExactly(new Pools.PoolProgress(IMAGE, 1, 3, false, ""));
            int reports = told.size();
            docker.stopHoldingStarts();
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.snapshot().pool(IMAGE).ready() == 3); // its target stands
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> told.size() == reports);
            assertThat(told).as("reports after the cancel, while the pool filled").hasSize(reports);
            pools.close();
        }
    }
}
