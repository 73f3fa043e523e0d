package org.warmpool.engine.agent;

/** A container could not start its agent; the message says why, with what the container said. */
public final class AgentStartException extends RuntimeException {
    public AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
