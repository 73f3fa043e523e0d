package org.warmpool.engine.api;

import java.util.Map;

/**
 * One pool's state at an instant.
 *
 * @param state     {@code preparing}, {@code ready}, {@code faulty} (cannot serve: see {@code problem}),
 *                  {@code draining} (being removed)
 * @param problem   what is wrong, in an operator's words; empty when nothing is
 * @param rule      where the traffic-light rule came from, or why there is none
 * @param outcomes  run outcomes so far by wire name (red, amber, green, timed_out, faulty)
 * @param p50Millis median end-to-end latency of the recent runs (0 when none yet)
 */
public record PoolSnapshot(String image, String state, String problem, int target, int ready, int starting,
                           int running, int retiring, long warmStarts, long coldStarts, Map<String, Long> outcomes,
                           long p50Millis, long p95Millis, boolean readOnlyRoot, String rule, boolean everFilled) {
    public PoolSnapshot {
        outcomes = Map.copyOf(outcomes);
    }

    public long runs() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }
}
