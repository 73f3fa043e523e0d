package org.warmpool.engine.api;

import java.util.Objects;

/**
 * How to replay.
 *
 * @param pacing      open loop at a rate, the workshop's clients, or closed loop
 * @param repeat      times each item is sent
 * @param image       sends every item to this image instead of its own; {@code null} keeps theirs
 *                    (an item without one then cannot be sent)
 * @param maxSeconds  the time limit for items that have none; 0 leaves them the default (10 s)
 * @param connections WebSocket connections an open loop at a {@link Pacing.Rate} spreads its
 *                    submissions over (the other pacings use one per client)
 * @param filesBack   ask for the text files each run created or changed (see {@link RunResult})
 * @param stream      ask for each run's output while it runs: the listener hears it in
 *                    {@link ReplayListener#output} before the answer
 */
public record ReplayPlan(Pacing pacing, int repeat, String image, int maxSeconds, int connections, boolean filesBack,
                         boolean stream) {
    /** What {@code warmpool replay} uses unless told otherwise. */
    public static final int DEFAULT_CONNECTIONS = 8;

    public ReplayPlan {
        Objects.requireNonNull(pacing, "pacing");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, not " + repeat);
        }
        if (maxSeconds < 0) {
            throw new IllegalArgumentException("maxSeconds must be 0 (the items' own) or more, not " + maxSeconds);
        }
        if (connections < 1 || connections > 1000) {
            throw new IllegalArgumentException("connections must be 1 to 1000, not " + connections);
        }
    }

    /** {@value #DEFAULT_CONNECTIONS} connections for a rate, no files back, no streaming. */
    public ReplayPlan(Pacing pacing, int repeat, String image, int maxSeconds) {
        this(pacing, repeat, image, maxSeconds, DEFAULT_CONNECTIONS, false, false);
    }

    public ReplayPlan withConnections(int connections) {
        return new ReplayPlan(pacing, repeat, image, maxSeconds, connections, filesBack, stream);
    }

    public ReplayPlan withFilesBack(boolean filesBack) {
        return new ReplayPlan(pacing, repeat, image, maxSeconds, connections, filesBack, stream);
    }

    public ReplayPlan withStream(boolean stream) {
        return new ReplayPlan(pacing, repeat, image, maxSeconds, connections, filesBack, stream);
    }
}
