package org.warmpool.engine.pool;

import org.warmpool.engine.agent.AgentSession;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.Outcome;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A container the engine created and has not yet seen removed, with its life so far. */
final class Tracked {
    private final Pool pool;
    private final AgentSession session;
    private final AtomicBoolean retired = new AtomicBoolean();
    private ContainerLife life;
    private int runs;

    /** @param session its agent; {@code null} for a container on the exec path */
    Tracked(Pool pool, ContainerLife life, AgentSession session) {
        this.pool = pool;
        this.life = life;
        this.session = session;
    }

    AgentSession session() {
        return session;
    }

    /** Counts a run it served; returns how many it has served. */
    synchronized int served() {
        return ++runs;
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
