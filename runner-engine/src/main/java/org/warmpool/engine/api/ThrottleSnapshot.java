package org.warmpool.engine.api;

import java.util.Map;

/**
 * Admission at an instant.
 *
 * @param inFlight   admitted submissions not yet answered (running + queued)
 * @param queued     admitted submissions waiting for a run slot
 * @param rejections rejections so far by reason: connections, rate, per_connection, queue_full
 */
public record ThrottleSnapshot(ThrottleLimits limits, int connections, int inFlight, int queued,
                               Map<String, Long> rejections) {
    public ThrottleSnapshot {
        rejections = Map.copyOf(rejections);
    }
}
