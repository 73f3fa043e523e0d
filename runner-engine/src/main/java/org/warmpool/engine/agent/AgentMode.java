package org.warmpool.engine.agent;

/** Whether an agent's container serves one run, or run after run with a verified wipe between them. */
public enum AgentMode {
    ONESHOT("oneshot"),
    RECYCLE("recycle");

    private final String argument;

    AgentMode(String argument) {
        this.argument = argument;
    }

    String argument() {
        return argument;
    }
}
