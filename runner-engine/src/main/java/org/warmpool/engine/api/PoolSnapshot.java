package org.warmpool.engine.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One pool's state at an instant.
 *
 * @param state     preparing, ready, faulty (cannot serve: see {@code problem}), draining (being removed)
 * @param problem   what is wrong, in an operator's words; empty when nothing is
 * @param rule      where the traffic-light rule came from, or why there is none
 * @param outcomes  runs so far by outcome; every outcome is present (0 when none)
 * @param p50Millis median end-to-end latency of the recent runs (0 when none yet)
 */
public record PoolSnapshot(String image, PoolState state, String problem, int target, int ready, int starting,
                           int running, int retiring, long warmStarts, long coldStarts, Map<Outcome, Long> outcomes,
                           long p50Millis, long p95Millis, boolean readOnlyRoot, String rule, boolean everFilled) {
    public PoolSnapshot {
        EnumMap<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            all.put(o, outcomes.getOrDefault(o, 0L));
        }
        outcomes = Collections.unmodifiableMap(all);
    }

    /** Runs that ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    public long runs() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }
}
