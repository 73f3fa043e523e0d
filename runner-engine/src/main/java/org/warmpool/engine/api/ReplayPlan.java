package org.warmpool.engine.api;

import java.util.Objects;

/**
 * How to replay.
 *
 * @param pacing      open loop at a rate, the workshop's clients, or closed loop
 * @param repeat      times each item is sent
 * @param image       sends every item to this image instead of its own; {@code null} keeps theirs
 * @param maxSeconds  the time limit for items that have none; 0 keeps theirs
 */
public record ReplayPlan(Pacing pacing, int repeat, String image, int maxSeconds) {
    public ReplayPlan {
        Objects.requireNonNull(pacing, "pacing");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, not " + repeat);
        }
    }
}
