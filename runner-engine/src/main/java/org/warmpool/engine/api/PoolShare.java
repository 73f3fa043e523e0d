package org.warmpool.engine.api;

/**
 * One engine's part of a pool.
 *
 * @param engine   the engine's name ({@link EngineStatus#name()})
 * @param target   ready containers this engine keeps for the pool (its weighted share of the pool's target)
 * @param state    the pool's state on this engine
 * @param problem  what is wrong there; empty when nothing is
 * @param retiring  containers on their way out there
 * @param recycling containers being wiped there, on their way back to ready
 */
public record PoolShare(String engine, int target, int ready, int starting, int running, PoolState state, String problem,
                        int retiring, int recycling) {
    /** A part without containers on their way out or back. */
    public PoolShare(String engine, int target, int ready, int starting, int running, PoolState state, String problem) {
        this(engine, target, ready, starting, running, state, problem, 0, 0);
    }
}
