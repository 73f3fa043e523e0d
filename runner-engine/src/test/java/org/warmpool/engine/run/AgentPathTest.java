package org.warmpool.engine.run;

import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;

/** The sandbox contract on the agent path, one container per run (no exec). */
class AgentPathTest extends SandboxContractTests {
    @Override
    PoolSettings mode(PoolSettings pool) {
        return pool.runPath(RunPathKind.AGENT);
    }
}
