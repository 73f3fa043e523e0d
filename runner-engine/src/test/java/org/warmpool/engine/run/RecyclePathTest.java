package org.warmpool.engine.run;

import org.warmpool.engine.api.PoolSettings;

/** The sandbox contract on the agent path with containers recycled between runs. */
class RecyclePathTest extends SandboxContractTests {
    @Override
    PoolSettings mode(PoolSettings pool) {
        return pool.recycle(true);
    }
}
