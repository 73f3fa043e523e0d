package org.warmpool.engine.colour;

import org.warmpool.engine.api.Outcome;

import java.util.Locale;

/**
 * The traffic-light colour of a run, as a start point's {@code red_amber_green.rb} decides it:
 * red for failing tests, amber for code that does not build or run, green for passing tests.
 */
public enum Colour {
    RED,
    AMBER,
    GREEN;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name used in replies and in the cyber-dojo protocol: {@code "red"}, {@code "amber"} or {@code "green"}. */
    public String wireName() {
        return wireName;
    }

    /** The run's outcome when its rule gave this colour. */
    public Outcome outcome() {
        return switch (this) {
            case RED -> Outcome.RED;
            case AMBER -> Outcome.AMBER;
            case GREEN -> Outcome.GREEN;
        };
    }
}
