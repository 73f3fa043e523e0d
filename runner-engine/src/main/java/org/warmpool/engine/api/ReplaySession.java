package org.warmpool.engine.api;

import java.util.concurrent.CompletableFuture;

/** A replay under way. */
public interface ReplaySession {

    /**
     * Completes with the report when every submission sent was answered or given up on (after a
     * {@link #cancel()}, those sent before it); exceptionally with an {@link java.io.IOException}
     * when the gateway could not be reached at all.
     */
    CompletableFuture<ReplayReport> done();

    /** Sends no more; what was sent may still be answered. The report says it was cancelled when that kept any from being sent. */
    void cancel();
}
