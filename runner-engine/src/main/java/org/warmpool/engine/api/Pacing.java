package org.warmpool.engine.api;

import java.time.Duration;

/** How fast a replay sends. */
public sealed interface Pacing {
    /**
     * Open loop: submission {@code i} leaves at {@code start + i / perSecond}, whether or not
     * earlier ones have been answered, so an overloaded engine shows as latency, not as a slower
     * sender.
     */
    record Rate(double perSecond) implements Pacing {
        public Rate {
            if (!(perSecond > 0) || perSecond > 10_000) {
                throw new IllegalArgumentException("the rate must be above 0 and at most 10000 per second, not " + perSecond);
            }
        }
    }

    /** Closed loop: {@code clients} clients, each sending its next submission when its last is answered. */
    record Concurrency(int clients) implements Pacing {
        public Concurrency {
            if (clients < 1 || clients > 1000) {
                throw new IllegalArgumentException("the concurrency must be 1 to 1000, not " + clients);
            }
        }
    }

    /**
     * The workshop: {@code clients} participants, each testing once every {@code every}, starting
     * at random moments in the first period (open loop, like {@link Rate}).
     */
    record Clients(int clients, Duration every) implements Pacing {
        public Clients {
            if (clients < 1 || clients > 1000) {
                throw new IllegalArgumentException("the number of clients must be 1 to 1000, not " + clients);
            }
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("--every must be positive");
            }
        }
    }
}
