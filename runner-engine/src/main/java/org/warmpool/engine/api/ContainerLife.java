package org.warmpool.engine.api;

import java.time.Instant;

/**
 * One container's life so far, as an immutable snapshot. Timestamps are {@code null} until the
 * container reaches that point.
 *
 * @param warm       started ahead of demand (false: a cold start for a waiting submission)
 * @param exitReason why it ended, in an operator's words ("served run 42", "timed out", "killed
 *                   from outside", "pool shrank", …); empty while alive
 * @param outcome    the outcome of the run it served; {@code null} if none
 * @param engine     the name of the Docker engine it lives on ({@link EngineStatus#name()}); empty when unknown
 */
public record ContainerLife(String id, String image, boolean warm, ContainerPhase phase,
                            Instant created, Instant ready, Instant claimed, Instant execStart, Instant execEnd,
                            Instant died, Instant removed, String exitReason, Outcome outcome, String engine) {

    public ContainerLife {
        engine = engine == null ? "" : engine;
    }

    /** A life on an engine not (yet) named. */
    public ContainerLife(String id, String image, boolean warm, ContainerPhase phase, Instant created, Instant ready,
                         Instant claimed, Instant execStart, Instant execEnd, Instant died, Instant removed, String exitReason,
                         Outcome outcome) {
        this(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason, outcome, "");
    }

    /** The same life, on the engine named {@code name}. */
    public ContainerLife onEngine(String name) {
        return new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason,
                outcome, name);
    }

    public static ContainerLife starting(String id, String image, boolean warm, Instant now) {
        return new ContainerLife(id, image, warm, ContainerPhase.STARTING, now, null, null, null, null, null, null, "", null);
    }

    public ContainerLife withPhase(ContainerPhase next, Instant now) {
        return switch (next) {
            case STARTING -> this;
            // Back from recycling, it waits afresh: the last run's times are history.
            case READY -> phase == ContainerPhase.RECYCLING
                    ? new ContainerLife(id, image, warm, next, created, now, null, null, null, died, removed, exitReason, outcome, engine)
                    : new ContainerLife(id, image, warm, next, created, now, claimed, execStart, execEnd, died, removed, exitReason, outcome, engine);
            case CLAIMED -> new ContainerLife(id, image, warm, next, created, ready == null ? now : ready, now, execStart, execEnd, died, removed, exitReason, outcome, engine);
            case RUNNING -> new ContainerLife(id, image, warm, next, created, ready, claimed, now, execEnd, died, removed, exitReason, outcome, engine);
            case RECYCLING, RETIRING -> new ContainerLife(id, image, warm, next, created, ready, claimed, execStart,
                    execStart != null && execEnd == null ? now : execEnd, died, removed, exitReason, outcome, engine);
            case GONE -> new ContainerLife(id, image, warm, next, created, ready, claimed, execStart, execEnd,
                    died == null ? now : died, now, exitReason, outcome, engine);
        };
    }

    public ContainerLife withId(String newId) {
        return new ContainerLife(newId, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason, outcome, engine);
    }

    public ContainerLife died(Instant when) {
        return died != null ? this
                : new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, when, removed, exitReason, outcome, engine);
    }

    public ContainerLife because(String reason) {
        return exitReason.isEmpty()
                ? new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, reason, outcome, engine)
                : this;
    }

    public ContainerLife withOutcome(Outcome runOutcome) {
        return new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason, runOutcome, engine);
    }
}
