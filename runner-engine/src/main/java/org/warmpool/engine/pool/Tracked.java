package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.Outcome;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A container the engine created and has not yet seen removed, with its life so far. */
final class Tracked {
    private final Pool pool;
    private final AtomicBoolean retired = new AtomicBoolean();
    private ContainerLife life;

    Tracked(Pool pool, ContainerLife life) {
        this.pool = pool;
        this.life = life;
    }

    Pool pool() {
        return pool;
    }

    String id() {
        return life().id();
    }

    synchronized ContainerLife life() {
        return life;
    }

    synchronized ContainerLife moveTo(ContainerPhase phase, Instant now) {
        life = life.withPhase(phase, now);
        return life;
    }

    synchronized ContainerLife died(Instant now, String reason) {
        life = life.died(now);
        if (reason != null) {
            life = life.because(reason);
        }
        return life;
    }

    /** Marks it for removal; true only the first time, so a container is retired once. */
    boolean retire(String reason, Outcome outcome) {
        if (!retired.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            life = life.because(reason).withOutcome(outcome == null ? life.outcome() : outcome);
        }
        return true;
    }
}
