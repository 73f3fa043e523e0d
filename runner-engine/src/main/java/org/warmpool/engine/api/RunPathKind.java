package org.warmpool.engine.api;

import java.util.Locale;

/** How a run gets into a warm container. */
public enum RunPathKind {
    /** An agent, the container's main process, receives the run over the attach stream: no exec, no container start. */
    AGENT,
    /** {@code docker exec} per run (the original path; the fallback for images that cannot host the agent). */
    EXEC;

    /** "agent" or "exec", as in the settings file and {@code --run-path}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunPathKind fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
