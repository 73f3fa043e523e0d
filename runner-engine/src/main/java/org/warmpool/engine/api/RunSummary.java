package org.warmpool.engine.api;

/**
 * What observers need to know about a finished run (the full result goes to the client).
 *
 */
public record RunSummary(String id, String image, Outcome outcome, boolean warm, String containerId,
                         long queuedMillis, long claimMillis, long execMillis, long colourMillis, long totalMillis) {
}
