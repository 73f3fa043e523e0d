package org.warmpool.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * The whole engine at an instant: what the console draws and what {@code /metrics}-style
 * reports print.
 *
 * @param containers the most recent containers' lives (bounded; oldest dropped first)
 * @param engines    the Docker engines it places containers on, in the order they were named
 */
public record EngineSnapshot(Instant at, boolean dockerAvailable, String dockerMessage, List<PoolSnapshot> pools,
                             List<ContainerLife> containers, ThrottleSnapshot throttle, long warmStarts, long coldStarts, long timeouts,
                             long faults, long runs, long droppedEvents, List<EngineStatus> engines) {
    public EngineSnapshot {
        engines = List.copyOf(engines);
        pools = List.copyOf(pools);
        containers = List.copyOf(containers);
    }

    /** A snapshot without engines (for fakes and tests). */
    public EngineSnapshot(Instant at, boolean dockerAvailable, String dockerMessage, List<PoolSnapshot> pools,
                          List<ContainerLife> containers, ThrottleSnapshot throttle, long warmStarts, long coldStarts,
                          long timeouts, long faults, long runs, long droppedEvents) {
        this(at, dockerAvailable, dockerMessage, pools, containers, throttle, warmStarts, coldStarts, timeouts, faults, runs,
                droppedEvents, List.of());
    }

    /** The engine named {@code name}, or {@code null}. */
    public EngineStatus engine(String name) {
        return engines.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    public PoolSnapshot pool(String image) {
        return pools.stream().filter(p -> p.image().equals(image)).findFirst().orElse(null);
    }
}
