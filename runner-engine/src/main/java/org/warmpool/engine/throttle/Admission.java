package org.warmpool.engine.throttle;

import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Decides whether a submission may enter: per-connection rate (token bucket) and concurrency,
 * then a global bound on running plus queued work. Over a limit, the answer says when to retry
 * instead of letting work pile up. Thread-safe; limits change live.
 */
public final class Admission {
    /** Why a submission or connection was turned away. */
    public enum Rejection {
        CONNECTIONS("connections"), RATE("rate"), PER_CONNECTION("per_connection"), QUEUE_FULL("queue_full");

        public final String wireName;

        Rejection(String wireName) {
            this.wireName = wireName;
        }
    }

    /** The answer to one submission: admitted (perhaps behind {@code position} others), or not, with a retry hint. */
    public record Decision(boolean admitted, int position, Rejection rejection, long retryAfterMillis, String message) {
    }

    private final LongSupplier nanoClock;
    private volatile ThrottleLimits limits;
    private final AtomicInteger connections = new AtomicInteger();
    private int inFlight; // guarded by this
    private final Map<Rejection, Long> rejections = new LinkedHashMap<>(); // guarded by this

    public Admission(ThrottleLimits limits) {
        this(limits, System::nanoTime);
    }

    Admission(ThrottleLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        for (Rejection r : Rejection.values()) {
            rejections.put(r, 0L);
        }
    }

    public ThrottleLimits limits() {
        return limits;
    }

    public void setLimits(ThrottleLimits newLimits) {
        this.limits = newLimits;
    }

    /** A new client connection: one per-connection state, or {@code null} when over the connection limit. */
    public Client connect() {
        if (connections.incrementAndGet() > limits.maxConnections()) {
            connections.decrementAndGet();
            count(Rejection.CONNECTIONS);
            return null;
        }
        return new Client();
    }

    /**
     * Whether the connections are at their limit now; if so, counts one turned away (a WebSocket
     * handshake is refused with this, before it opens). {@link #connect()} still has the last word:
     * of two arriving at once for the last place, it refuses one.
     */
    public boolean connectionsFull() {
        if (connections.get() < limits.maxConnections()) {
            return false;
        }
        count(Rejection.CONNECTIONS);
        return true;
    }

    /** Admission for callers that have no connection (HTTP requests): global bound only. */
    public synchronized Decision admitAnonymous() {
        return admitGlobally();
    }

    private synchronized Decision admitGlobally() {
        ThrottleLimits l = limits;
        int capacity = l.maxConcurrentRuns() + l.queueCapacity();
        if (inFlight >= capacity) {
            count(Rejection.QUEUE_FULL);
            return new Decision(false, 0, Rejection.QUEUE_FULL, 1000,
                    "Warmpool is at capacity (" + l.maxConcurrentRuns() + " running, " + l.queueCapacity()
                            + " waiting); try again in a second.");
        }
        inFlight++;
        return new Decision(true, Math.max(0, inFlight - l.maxConcurrentRuns()), null, 0, "");
    }

    /** An admitted submission has been answered. */
    public synchronized void done() {
        inFlight--;
    }

    public ThrottleSnapshot snapshot(int queued) {
        synchronized (this) {
            Map<String, Long> byName = new LinkedHashMap<>();
            rejections.forEach((r, n) -> byName.put(r.wireName, n));
            return new ThrottleSnapshot(limits, connections.get(), inFlight, queued, byName);
        }
    }

    private synchronized void count(Rejection rejection) {
        rejections.merge(rejection, 1L, Long::sum);
    }

    /** One connection's share: its token bucket and its submissions in flight. */
    public final class Client {
        private double tokens = limits.burst();
        private long refilledAt = nanoClock.getAsLong();
        private int own;
        private boolean closed;

        private Client() {
        }

        /** Admits or refuses one submission from this connection. */
        public Decision admit() {
            ThrottleLimits l = limits;
            synchronized (this) {
                long now = nanoClock.getAsLong();
                tokens = Math.min(l.burst(), tokens + (now - refilledAt) / 1e9 * l.ratePerSecond());
                refilledAt = now;
                if (tokens < 1) {
                    count(Rejection.RATE);
                    long wait = (long) Math.ceil((1 - tokens) / l.ratePerSecond() * 1000);
                    return new Decision(false, 0, Rejection.RATE, wait, "Too many submissions from this connection (limit "
                            + l.ratePerSecond() + "/s, burst " + l.burst() + "); try again in " + wait + " ms.");
                }
                if (own >= l.perConnectionConcurrency()) {
                    count(Rejection.PER_CONNECTION);
                    return new Decision(false, 0, Rejection.PER_CONNECTION, 500, "This connection already has " + own
                            + " submissions in flight (limit " + l.perConnectionConcurrency()
                            + "); wait for a result before sending more.");
                }
                Decision global = admitGlobally();
                if (global.admitted()) {
                    tokens -= 1;
                    own++;
                }
                return global;
            }
        }

        /** One of this connection's admitted submissions has been answered. */
        public void done() {
            synchronized (this) {
                own--;
            }
            Admission.this.done();
        }

        /** The connection closed; its admitted submissions still call {@link #done()} when answered. */
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            connections.decrementAndGet();
        }
    }
}
