package org.warmpool.engine.api;

/**
 * Admission limits, changeable while traffic flows.
 *
 * @param maxConnections           WebSocket connections at once; more are closed with 1013
 * @param maxConcurrentRuns        runs executing at once across all clients
 * @param perConnectionConcurrency submissions one connection may have running or queued
 * @param queueCapacity            submissions that may wait for a run slot (FIFO)
 * @param ratePerSecond            sustained submissions per second per connection (token bucket)
 * @param burst                    submissions a connection may send at once before the rate applies
 */
public record ThrottleLimits(int maxConnections, int maxConcurrentRuns, int perConnectionConcurrency, int queueCapacity,
                             double ratePerSecond, int burst) {
    public ThrottleLimits {
        if (maxConnections < 1 || maxConcurrentRuns < 1 || perConnectionConcurrency < 1 || queueCapacity < 0
                || !(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("limits must be positive (queue may be 0): connections " + maxConnections
                    + ", runs " + maxConcurrentRuns + ", per connection " + perConnectionConcurrency + ", queue "
                    + queueCapacity + ", rate " + ratePerSecond + "/s, burst " + burst);
        }
    }

    /** Judge0-like defaults sized for a 2-core laptop serving a workshop. */
    public static ThrottleLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ThrottleLimits(64, Math.max(2, cores * 2), 2, 100, 5.0, 10);
    }

    public ThrottleLimits withMaxConcurrentRuns(int n) {
        return new ThrottleLimits(maxConnections, n, perConnectionConcurrency, queueCapacity, ratePerSecond, burst);
    }

    public ThrottleLimits withQueueCapacity(int n) {
        return new ThrottleLimits(maxConnections, maxConcurrentRuns, perConnectionConcurrency, n, ratePerSecond, burst);
    }

    public ThrottleLimits withRate(double perSecond, int newBurst) {
        return new ThrottleLimits(maxConnections, maxConcurrentRuns, perConnectionConcurrency, queueCapacity, perSecond, newBurst);
    }

    public ThrottleLimits withPerConnectionConcurrency(int n) {
        return new ThrottleLimits(maxConnections, maxConcurrentRuns, n, queueCapacity, ratePerSecond, burst);
    }

    public ThrottleLimits withMaxConnections(int n) {
        return new ThrottleLimits(n, maxConcurrentRuns, perConnectionConcurrency, queueCapacity, ratePerSecond, burst);
    }
}
