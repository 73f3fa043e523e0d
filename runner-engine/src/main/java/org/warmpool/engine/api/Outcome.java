package org.warmpool.engine.api;

import org.warmpool.engine.colour.Colour;

/** How a run ended, in cyber-dojo's words. */
public enum Outcome {
    RED, AMBER, GREEN, TIMED_OUT, FAULTY;

    /** The name on the wire and in the journal: red, amber, green, timed_out, faulty. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome of(Colour colour) {
        return switch (colour) {
            case RED -> RED;
            case AMBER -> AMBER;
            case GREEN -> GREEN;
        };
    }

    public static Outcome fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
