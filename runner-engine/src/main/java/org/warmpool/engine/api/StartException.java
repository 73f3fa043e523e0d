package org.warmpool.engine.api;

/** Warmpool could not start; the message says why and what to do. */
public class StartException extends RuntimeException {
    public StartException(String message, Throwable cause) {
        super(message, cause);
    }
}
