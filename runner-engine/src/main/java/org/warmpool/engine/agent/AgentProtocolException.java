package org.warmpool.engine.agent;

/** The agent said something the protocol does not allow: the container cannot be trusted any more. */
public final class AgentProtocolException extends RuntimeException {
    public AgentProtocolException(String message) {
        super(message);
    }
}
