package org.warmpool.engine.api;

import java.util.Map;

/**
 * What a run produced.
 *
 * @param status  the exit status of cyber-dojo.sh as text ("0", "1", "137"), empty when it never
 *                finished (timed out or faulty before it ran)
 * @param created text files the run created under /sandbox (only when asked for)
 * @param changed text files whose content differs from what was sent (only when asked for)
 * @param log     the engine's own notes: why a run is faulty or timed out
 * @param warm    served by a container started ahead of demand
 */
public record RunResult(String id, String image, Outcome outcome, String status, Output stdout, Output stderr,
                        Map<String, Output> created, Map<String, Output> changed, Output log, Timings timings,
                        boolean warm, String containerId) {
    public RunResult {
        created = Map.copyOf(created);
        changed = Map.copyOf(changed);
    }
}
