package org.warmpool.engine.api;

/** Admission: how many connections, runs at once, queued runs, and how fast each client may send. */
public interface Limits {

    ThrottleLimits current();

    /** Applies new limits live (run slots follow {@code maxConcurrentRuns}) and returns them. */
    ThrottleLimits apply(ThrottleLimits limits);
}
