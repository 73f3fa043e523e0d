package org.warmpool.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * The whole engine at an instant: what the console draws and what {@code /metrics}-style
 * reports print.
 *
 * @param containers the most recent containers' lives (bounded; oldest dropped first)
 */
public record EngineSnapshot(Instant at, boolean dockerAvailable, String dockerMessage, List<PoolSnapshot> pools,
                             List<ContainerLife> containers, ThrottleSnapshot throttle, long warmStarts, long coldStarts, long timeouts,
                             long faults, long runs, long droppedEvents) {
    public EngineSnapshot {
        pools = List.copyOf(pools);
        containers = List.copyOf(containers);
    }

    public PoolSnapshot pool(String image) {
        return pools.stream().filter(p -> p.image().equals(image)).findFirst().orElse(null);
    }
}
