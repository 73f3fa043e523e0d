package org.warmpool.engine.run;

import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;

/** The sandbox contract on the exec path: {@code docker exec} per run, one container per run. */
class ExecPathTest extends SandboxContractTests {
    @Override
    PoolSettings mode(PoolSettings pool) {
        return pool.runPath(RunPathKind.EXEC);
    }
}
