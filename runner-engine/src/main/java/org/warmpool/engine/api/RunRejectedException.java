package org.warmpool.engine.api;

/**
 * A submission the engine could not run at all, with a reason a client can act on and a message
 * a person understands. (A run that started always ends in a {@link RunResult} instead.)
 */
public class RunRejectedException extends RuntimeException {
    /** Why; the gateway maps these to its error codes. */
    public enum Reason { UNKNOWN_IMAGE, DOCKER_UNAVAILABLE, SHUTTING_DOWN, POOL_FAULTY, THROTTLED, INTERNAL }

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
