package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerLife;

/** A container the engine created and has not yet seen removed. Guarded by its pool's monitor. */
final class Tracked {
    final Pool pool;
    ContainerLife life;
    boolean retired;

    Tracked(Pool pool, ContainerLife life) {
        this.pool = pool;
        this.life = life;
    }

    String id() {
        return life.id();
    }
}
