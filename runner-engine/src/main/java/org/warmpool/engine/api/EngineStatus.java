package org.warmpool.engine.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One Docker engine Warmpool places containers on, at an instant.
 *
 * @param name          short: a context's name, {@code host:port}, a socket's path, or {@code local}
 * @param uri           as the operator named it
 * @param up            it answers
 * @param lastError     why it last stopped answering (kept after it came back); empty when it never did
 * @param version       the daemon's version (empty until it first answered)
 * @param cores         {@code docker info}'s NCPU (0 until it first answered)
 * @param memoryBytes   {@code docker info}'s MemTotal (0 until it first answered)
 * @param containers    Warmpool's containers on it now, by phase (every phase present)
 * @param runsPerSecond runs that ended on it over the last 10 s, per second
 * @param runs          runs that ended on it since Warmpool started
 * @param images        the pools' images it holds
 * @param missing       the pools' images it lacks (its share of those pools goes to the others)
 */
public record EngineStatus(String name, String uri, boolean up, String lastError, String version, int cores, long memoryBytes,
                           Map<ContainerPhase, Integer> containers, double runsPerSecond, long runs, List<String> images,
                           List<String> missing) {
    public EngineStatus {
        EnumMap<ContainerPhase, Integer> all = new EnumMap<>(ContainerPhase.class);
        for (ContainerPhase phase : ContainerPhase.values()) {
            all.put(phase, containers.getOrDefault(phase, 0));
        }
        containers = Collections.unmodifiableMap(all);
        images = List.copyOf(images);
        missing = List.copyOf(missing);
    }

    /** Containers on it in {@code phase}. */
    public int count(ContainerPhase phase) {
        return containers.get(phase);
    }
}
