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
 */
public record ContainerLife(String id, String image, boolean warm, ContainerPhase phase,
                            Instant created, Instant ready, Instant claimed, Instant execStart, Instant execEnd,
                            Instant died, Instant removed, String exitReason, Outcome outcome) {

    public static ContainerLife starting(String id, String image, boolean warm, Instant now) {
        return new ContainerLife(id, image, warm, ContainerPhase.STARTING, now, null, null, null, null, null, null, "", null);
    }

    public ContainerLife withPhase(ContainerPhase next, Instant now) {
        return switch (next) {
            case STARTING -> this;
            // Back from recycling, it waits afresh: the last run's times are history.
            case READY -> phase == ContainerPhase.RECYCLING
                    ? new ContainerLife(id, image, warm, next, created, now, null, null, null, died, removed, exitReason, outcome)
                    : new ContainerLife(id, image, warm, next, created, now, claimed, execStart, execEnd, died, removed, exitReason, outcome);
            case CLAIMED -> new ContainerLife(id, image, warm, next, created, ready == null ? now : ready, now, execStart, execEnd, died, removed, exitReason, outcome);
            case RUNNING -> new ContainerLife(id, image, warm, next, created, ready, claimed, now, execEnd, died, removed, exitReason, outcome);
            case RECYCLING, RETIRING -> new ContainerLife(id, image, warm, next, created, ready, claimed, execStart,
                    execStart != null && execEnd == null ? now : execEnd, died, removed, exitReason, outcome);
            case GONE -> new ContainerLife(id, image, warm, next, created, ready, claimed, execStart, execEnd,
                    died == null ? now : died, now, exitReason, outcome);
        };
    }

    public ContainerLife withId(String newId) {
        return new ContainerLife(newId, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason, outcome);
    }

    public ContainerLife died(Instant when) {
        return died != null ? this
                : new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, when, removed, exitReason, outcome);
    }

    public ContainerLife because(String reason) {
        return exitReason.isEmpty()
                ? new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, reason, outcome)
                : this;
    }

    public ContainerLife withOutcome(Outcome runOutcome) {
        return new ContainerLife(id, image, warm, phase, created, ready, claimed, execStart, execEnd, died, removed, exitReason, runOutcome);
    }
}
