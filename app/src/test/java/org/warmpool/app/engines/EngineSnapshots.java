package org.warmpool.app.engines;

import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Engine snapshots with several Docker engines, as the engine's EngineSet reports them, built by hand. */
public final class EngineSnapshots {
    public static final long GB = 1024L * 1024 * 1024;
    /** 18:00:00 UTC. */
    public static final Instant SIX_PM = Instant.parse("2026-11-29T18:00:00Z");

    private EngineSnapshots() {
    }

    /** An engine that answers: Docker 24.0.5, 2 cores, 4 GB, these ready and running containers. */
    public static EngineStatus up(String name, String uri, int ready, int running, double runsPerSecond, long runs) {
        return new EngineStatus(name, uri, true, "", "24.0.5", 2, 4 * GB,
                Map.of(ContainerPhase.READY, ready, ContainerPhase.RUNNING, running), runsPerSecond, runs, List.of("warmpool/busybox"),
                List.of());
    }

    /** An engine that stopped answering, with why; what it held is unknown (none counted). */
    public static EngineStatus down(String name, String uri, String error, long runs) {
        return new EngineStatus(name, uri, false, error, "24.0.5", 2, 4 * GB, Map.of(), 0, runs, List.of(), List.of());
    }

    /** The same engine, lacking these pool images. */
    public static EngineStatus lacking(EngineStatus e, String... images) {
        return new EngineStatus(e.name(), e.uri(), e.up(), e.lastError(), e.version(), e.cores(), e.memoryBytes(), e.containers(),
                e.runsPerSecond(), e.runs(), e.images(), List.of(images));
    }

    /** The whole engine {@code seconds} after six, with these pools and Docker engines. */
    public static EngineSnapshot at(long seconds, List<PoolSnapshot> pools, EngineStatus... engines) {
        return new EngineSnapshot(SIX_PM.plusSeconds(seconds), true, "", pools, List.of(),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0, List.of(engines));
    }
}
