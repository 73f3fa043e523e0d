package org.warmpool.engine.metrics;

import org.warmpool.engine.api.PoolSnapshot;

/**
 * Which Docker engine a pool's containers run on, as the {@code engine} label of the pool's
 * series. One place, so that pools spread over several engines need change only this.
 */
public final class Engines {
    /** The label of the one Docker engine Warmpool drives today. */
    public static final String LOCAL = "local";

    private Engines() {
    }

    public static String labelOf(PoolSnapshot pool) {
        return LOCAL;
    }
}
