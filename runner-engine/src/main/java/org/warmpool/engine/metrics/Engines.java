package org.warmpool.engine.metrics;

import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;

import java.util.List;

/**
 * The Docker engines a pool's containers run on, as the {@code engine} label of the pool's series:
 * each engine's part when the pool has parts ({@link PoolSnapshot#engines()}), else the one local
 * engine with the whole pool.
 */
public final class Engines {
    /** The label of a pool whose engines are not told apart. */
    public static final String LOCAL = "local";

    private Engines() {
    }

    /** The pool's parts, one per engine; a pool without parts is one part on {@link #LOCAL}. */
    public static List<PoolShare> partsOf(PoolSnapshot pool) {
        if (!pool.engines().isEmpty()) {
            return pool.engines();
        }
        return List.of(new PoolShare(LOCAL, pool.target(), pool.ready(), pool.starting(), pool.running(), pool.state(),
                pool.problem(), pool.retiring(), pool.recycling()));
    }
}
