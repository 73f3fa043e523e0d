package org.warmpool.engine.api;

import java.util.concurrent.CompletableFuture;

/** A replay under way. */
public interface ReplaySession {

    /** Completes with the report when every submission was answered, gave up, or the session was cancelled. */
    CompletableFuture<ReplayReport> done();

    /** Sends no more; what was sent may still be answered. */
    void cancel();
}
