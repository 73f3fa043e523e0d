package org.warmpool.engine.api;

import java.time.Duration;

/**
 * A reactive pool's range ({@code --pool IMAGE=MIN..MAX}, or {@code "min"} and {@code "max"} in
 * the settings): its target grows from {@code min} when runs start cold or wait for a container,
 * never beyond {@code max}, and goes back to {@code min} after {@code idle} without a run.
 */
public record PoolRange(int min, int max, Duration idle) {
    /** How long a reactive pool waits without a run before it shrinks back, unless told otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(300);

    public PoolRange {
        java.util.Objects.requireNonNull(idle, "idle");
        if (min < 0 || max > PoolSettings.MAX_TARGET) {
            throw new IllegalArgumentException("a reactive pool's range must lie between 0 and " + PoolSettings.MAX_TARGET
                    + ", not " + min + ".." + max);
        }
        if (min >= max) {
            throw new IllegalArgumentException("a reactive pool's min must be below its max, not " + min + ".." + max
                    + " (for a pool of fixed size give a target instead)");
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("pool_idle_seconds must be at least 1, not " + idle.toSeconds());
        }
    }

    /** {@code 1..6}, as the range is written on the command line. */
    @Override
    public String toString() {
        return min + ".." + max;
    }
}
