package org.warmpool.engine.api;

/**
 * A submission the engine could not run at all, with a reason a client can act on and a message
 * a person understands. (A run that started ends in a {@link RunResult} instead, unless it was
 * cancelled: {@link Reason#CANCELLED}.)
 */
public class RunRejectedException extends RuntimeException {
    /**
     * Why; the gateway maps these to its error codes. {@code CANCELLED}: whoever submitted it withdrew
     * it through its {@link Cancellation} (the message says whether it ever ran).
     */
    public enum Reason { UNKNOWN_IMAGE, DOCKER_UNAVAILABLE, SHUTTING_DOWN, POOL_FAULTY, THROTTLED, INTERNAL, CANCELLED }

    private final Reason reason;

    public RunRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RunRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
