package org.warmpool.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "min" and "max" in a pool's settings, and pool_idle_seconds: a pool that sizes itself. */
class ReactivePoolSettingsTest {

    @Test
    void minAndMaxMakeAReactivePoolThatStartsAtItsMinWithTheIdleTimeOfTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), """
                {"pools": {"warmpool/python-pytest": {"min": 1, "max": 6}, "warmpool/busybox": {"target": 2}},
                 "pool_idle_seconds": 120}""");

        PoolSettings pytest = Settings.load(file).engineConfig().pools().get("warmpool/python-pytest");
        PoolSettings busybox = Settings.load(file).engineConfig().pools().get("warmpool/busybox");

        assertThat(pytest.range()).isEqualTo(new PoolRange(1, 6, Duration.ofSeconds(120)));
        assertThat(pytest.target()).as("it starts at its min").isEqualTo(1);
        assertThat(busybox.reactive()).as("a pool with a target only").isFalse();
        assertThat(busybox.target()).isEqualTo(2);
    }

    @Test
    void withoutPoolIdleSecondsAReactivePoolWaitsFiveMinutes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {\"warmpool/busybox\": {\"min\": 0, \"max\": 3}}}");

        assertThat(Settings.load(file).engineConfig().pools().get("warmpool/busybox").range().idle()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aReactivePoolIsWrittenBackWithItsRange(@TempDir Path dir) throws Exception {
        Settings settings = new Settings();
        settings.pools.put("warmpool/python-pytest", Settings.Pool.of(PoolSettings.withTarget(1)
                .range(new PoolRange(2, 5, Duration.ofSeconds(300)))));
        Path file = dir.resolve("config.json");
        settings.save(file);

        assertThat(Files.readString(file)).contains("\"min\" : 2").contains("\"max\" : 5");
        assertThat(Settings.load(file).engineConfig().pools().get("warmpool/python-pytest").range())
                .isEqualTo(new PoolRange(2, 5, Duration.ofSeconds(300)));
    }

    @Test
    void onlyOneOfMinAndMaxIsRefusedWithThePoolsName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {\"warmpool/busybox\": {\"min\": 1}}}");

        assertThatThrownBy(() -> Settings.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("the pool for warmpool/busybox: a reactive pool needs both \"min\" and \"max\"")
                .hasMessageContaining("not only \"min\"");
    }

    @Test
    void aRangeTheWrongWayRoundIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {\"warmpool/busybox\": {\"min\": 6, \"max\": 1}}}");

        assertThatThrownBy(() -> Settings.load(file)).hasMessageContaining("min must be below its max, not 6..1");
    }

    @Test
    void aZeroIdleTimeIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pool_idle_seconds\": 0}");

        assertThatThrownBy(() -> Settings.load(file)).hasMessageContaining("pool_idle_seconds must be at least 1, not 0");
    }
}
