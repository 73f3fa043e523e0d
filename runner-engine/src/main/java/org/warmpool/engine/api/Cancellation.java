package org.warmpool.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A run's withdrawal switch, shared by whoever submitted the run (a door: the WebSocket today; the
 * console or the HTTP door could hold one the same way) and the engine that runs it.
 *
 * <p>{@link #cancel(String)} withdraws a run that waits for a run slot (it never runs) and stops
 * one that runs: its container is killed and removed, never reused (not even by a pool that
 * recycles its containers). Either way the run's one answer is a {@link RunRejectedException} with
 * reason {@link RunRejectedException.Reason#CANCELLED}, whose message says which happened.
 *
 * <p>A run whose answer is already decided — it finished — is not cancelled: {@code cancel} returns
 * false and the answer stands. The engine marks that moment with {@link #settle()}; whichever of the
 * two comes first wins, so a run is answered exactly once, with its result or as cancelled.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * CompletableFuture<RunResult> answer = engine.run(new RunRequest(id, image, 10, files, false, OutputListener.NONE, cancellation));
 * ...
 * if (!cancellation.cancel("by its client")) {
 *     // too late: it finished, and its result is on its way
 * }
 * }</pre>
 *
 * Thread-safe. The actions the engine registers run on the thread that cancels, once.
 */
public final class Cancellation {
    private enum State { OPEN, CANCELLED, SETTLED }

    private State state = State.OPEN; // guarded by this
    private String reason = "";        // guarded by this
    private List<Runnable> actions = new ArrayList<>(); // guarded by this; null once run

    /**
     * Asks for the run to be withdrawn or stopped.
     *
     * @param reason who or what cancelled it, as the answer's message will say it after "Cancelled "
     *               ("by its client", "because its connection closed")
     * @return true when the run will be answered as cancelled; false when it was cancelled already
     *         or its answer was already decided
     */
    public boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        List<Runnable> toRun;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            state = State.CANCELLED;
            this.reason = reason;
            toRun = actions;
            actions = null;
        }
        for (Runnable action : toRun) {
            action.run();
        }
        return true;
    }

    /** True once {@link #cancel} has succeeded. */
    public synchronized boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /** What {@link #cancel} was given; empty unless cancelled. */
    public synchronized String reason() {
        return reason;
    }

    /**
     * For the engine: runs {@code action} when the run is cancelled — at once, on this thread, if it
     * already was; never if its answer was settled first.
     */
    public void onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (state == State.OPEN) {
                actions.add(action);
                return;
            }
            if (state == State.SETTLED) {
                return;
            }
        }
        action.run();
    }

    /**
     * For the engine: the run's answer is decided (it finished); cancelling it from now on does
     * nothing.
     *
     * @return true when it was settled now (or before); false when it was cancelled first, and must be
     *         answered as cancelled
     */
    public boolean settle() {
        synchronized (this) {
            if (state == State.CANCELLED) {
                return false;
            }
            state = State.SETTLED;
            actions = List.of();
            return true;
        }
    }

    @Override
    public synchronized String toString() {
        return state == State.CANCELLED ? "cancelled " + reason : state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
