package org.warmpool.engine.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a first start is doing: when the settings do not name any pools, Warmpool starts pools for
 * the Warmpool-ready images Docker has, demo images first.
 *
 * @param reason    why the pools were left to it ("no settings file", ...)
 * @param target    ready containers it gives each pool on this machine
 * @param pools     what it chose (empty until {@code DONE}, or when no image was ready)
 * @param notReady  images it checked and left out, with what each lacks
 * @param problem   why it failed ({@code FAILED}); empty otherwise
 * @param savedIn   the settings file its choice was written to; {@code null} when not saved
 */
public record FirstStartStatus(State state, String reason, int target, Map<String, Integer> pools,
                               Map<String, String> notReady, String problem, Path savedIn) {
    /** Where a first start is. */
    public enum State { WAITING_FOR_DOCKER, CHOOSING, DONE, FAILED }

    public FirstStartStatus {
        // in the order chosen: demo images first
        pools = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pools));
        notReady = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notReady));
    }
}
