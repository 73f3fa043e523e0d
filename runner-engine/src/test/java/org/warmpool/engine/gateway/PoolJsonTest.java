package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool as GET /api/pools lists it: fixed or auto, why its target moved, and the advice. */
class PoolJsonTest {
    static final PoolSnapshot FIXED = new PoolSnapshot("warmpool/busybox", PoolState.READY, "", 2, 2, 0, 0, 0, 0, 0, Map.of(), 0, 0,
            true, "image", true);

    @Test
    void aReactivePoolGivesItsRangeItsReasonAndItsAdvice() {
        PoolAdvice advice = new PoolAdvice(9, 7, "2.95 runs/s arrive …", 2.95, 1.21, 0.74, 0.160412, 0.142, 885);
        PoolSnapshot auto = FIXED.withSizing(new PoolRange(1, 6, Duration.ofSeconds(300)), "Grew from 4 to 5 at 17:42:10: a run started cold.",
                advice);
        ObjectNode node = Protocol.JSON.createObjectNode();

        PoolJson.write(auto, node);

        assertThat(node.toString()).isEqualTo("{\"image\":\"warmpool/busybox\",\"ready\":2,\"state\":\"ready\",\"problem\":\"\","
                + "\"target\":2,\"mode\":\"auto\",\"min\":1,\"max\":6,\"idle_seconds\":300,"
                + "\"target_reason\":\"Grew from 4 to 5 at 17:42:10: a run started cold.\","
                + "\"advice\":{\"target\":9,\"target_5_percent\":7,\"why\":\"2.95 runs/s arrive …\",\"arrivals_per_second\":2.95,"
                + "\"refill_seconds\":1.21,\"run_seconds\":0.74,\"predicted_cold\":0.1604,\"measured_cold\":0.142,\"runs\":885}}");
    }

    @Test
    void aFixedPoolHasNoRangeAndNoAdviceBeforeAnyRun() {
        ObjectNode node = Protocol.JSON.createObjectNode();

        PoolJson.write(FIXED, node);

        assertThat(node.path("mode").asText()).isEqualTo("fixed");
        assertThat(node.has("min")).isFalse();
        assertThat(node.has("max")).isFalse();
        assertThat(node.path("advice").path("target").isNull()).isTrue();
        assertThat(node.path("advice").path("why").asText()).isEqualTo("Nothing measured yet.");
    }
}
