package org.warmpool.engine.api;

import java.time.Instant;

/** Something the engine did. Listeners receive these on their own thread, never the engine's. */
public sealed interface EngineEvent {

    Instant at();

    /** A pool's counts or settings changed. */
    record PoolChanged(Instant at, PoolSnapshot pool) implements EngineEvent {
    }

    /** A pool was removed after draining. */
    record PoolRemoved(Instant at, String image) implements EngineEvent {
    }

    /** A container moved through its life. */
    record ContainerChanged(Instant at, ContainerLife container) implements EngineEvent {
    }

    /** A run finished (any outcome). */
    record RunFinished(Instant at, RunSummary run) implements EngineEvent {
    }

    /** Admission counts or limits changed: connections, in flight, queued, rejections. */
    record ThrottleChanged(Instant at, ThrottleSnapshot throttle) implements EngineEvent {
    }

    /** Docker went away or came back. */
    record DockerStatusChanged(Instant at, boolean available, String message) implements EngineEvent {
    }

    /** One of several Docker engines stopped answering: its share of every pool moves to the others. */
    record EngineDown(Instant at, String engine, String message) implements EngineEvent {
    }

    /** A Docker engine answers again (or for the first time): it takes its share of the pools back. */
    record EngineUp(Instant at, String engine, String version) implements EngineEvent {
    }

    /**
     * Something the engine did by itself that an operator should know about, in a sentence for
     * them: e.g. it replaced the Ruby runtime that colours runs after that runtime broke.
     */
    record Notice(Instant at, Level level, String message) implements EngineEvent {
        /** How much it matters: {@code WARNING} for a fault the engine recovered from. */
        public enum Level { INFO, WARNING }
    }
}
