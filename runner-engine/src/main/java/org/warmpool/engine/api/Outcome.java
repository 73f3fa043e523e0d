package org.warmpool.engine.api;

/** How a run ended, in cyber-dojo's words: one of the traffic light's colours, or why it has none. */
public enum Outcome {
    RED, AMBER, GREEN, TIMED_OUT, FAULTY;

    /** The name on the wire and in the journal: red, amber, green, timed_out, faulty. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
