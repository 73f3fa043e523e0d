package org.warmpool.engine.pool;

import java.time.Duration;

/** How long to wait before starting containers again after failures in a row. */
@FunctionalInterface
interface Backoff {
    Duration delay(int failuresInARow);

    /** 0.5 s, 1 s, 2 s, ... up to 30 s. */
    static Backoff exponential() {
        return failures -> Duration.ofMillis(Math.min(30_000L, 500L << Math.min(6, Math.max(0, failures - 1))));
    }
}
