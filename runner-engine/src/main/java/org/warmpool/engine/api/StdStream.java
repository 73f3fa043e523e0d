package org.warmpool.engine.api;

import java.util.Locale;

/** Which of a run's two output streams a piece of its output came on. */
public enum StdStream {
    STDOUT, STDERR;

    /** "stdout" or "stderr", as on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but "stdout" and "stderr" */
    public static StdStream fromWireName(String name) {
        return switch (name) {
            case "stdout" -> STDOUT;
            case "stderr" -> STDERR;
            default -> throw new IllegalArgumentException("not an output stream: \"" + name + "\"");
        };
    }
}
