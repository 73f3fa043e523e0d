package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolSnapshot;

/**
 * One pool as {@code GET /api/pools} lists it: what the browser client needs (image, ready, state,
 * problem) and what an operator's tools need to size it (target, mode, the range of a reactive
 * pool, why the target last changed, and the advice).
 */
final class PoolJson {
    private PoolJson() {
    }

    static void write(PoolSnapshot pool, ObjectNode node) {
        node.put("image", pool.image()).put("ready", pool.ready()).put("state", pool.state().wireName())
                .put("problem", pool.problem()).put("target", pool.target()).put("mode", pool.mode());
        if (pool.range() != null) {
            node.put("min", pool.range().min()).put("max", pool.range().max())
                    .put("idle_seconds", pool.range().idle().toSeconds());
        }
        node.put("target_reason", pool.targetReason());
        node.set("advice", advice(pool.advice()));
    }

    static ObjectNode advice(PoolAdvice advice) {
        ObjectNode node = Protocol.JSON.createObjectNode();
        if (advice.target() == null) {
            node.putNull("target");
        } else {
            node.put("target", advice.target());
        }
        if (advice.targetFor5Percent() == null) {
            node.putNull("target_5_percent");
        } else {
            node.put("target_5_percent", advice.targetFor5Percent());
        }
        node.put("why", advice.why());
        node.put("arrivals_per_second", round(advice.arrivalsPerSecond()));
        node.put("refill_seconds", round(advice.refillSeconds()));
        node.put("run_seconds", round(advice.runSeconds()));
        node.put("predicted_cold", round(advice.predictedCold()));
        node.put("measured_cold", round(advice.measuredCold()));
        node.put("runs", advice.runs());
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
