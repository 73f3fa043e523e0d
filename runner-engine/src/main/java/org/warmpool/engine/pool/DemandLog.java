package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolAdvice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * What one pool's demand looked like over the last minutes, for {@link Advisor}: when claims
 * came (warm or cold), how long each claimed container's place stayed empty until a container was
 * ready in its place (the refill time), how long cold starts took, and how long runs took. Pure
 * bookkeeping on the instants it is given.
 *
 * <p>A warm claim empties a place; the next container to become ready in the pool fills the
 * oldest empty place (first in, first out). In a pool of one run per container the replacement
 * starts at the claim, so this is the container start (with any wait for a starting slot); in a
 * recycling pool it is the run and the wipe. A cold start takes no place.
 */
final class DemandLog {
    /** Too few to say anything. */
    static final int MIN_RUNS = 20;
    static final int MIN_REFILLS = 3;
    /** A refill place left empty longer than this is no refill (the pool shrank, or stopped serving). */
    private static final Duration STALE_PLACE = Duration.ofMinutes(2);

    private record Claim(Instant at, boolean warm) {
    }

    private record Timed(Instant at, double seconds) {
    }

    private final Duration window;
    private final Deque<Claim> claims = new ArrayDeque<>();
    private final Deque<Instant> emptyPlaces = new ArrayDeque<>();
    private final Deque<Timed> refills = new ArrayDeque<>();
    private final Deque<Timed> coldStarts = new ArrayDeque<>();
    private final Deque<Timed> runs = new ArrayDeque<>();

    /** @param window how far back it looks */
    DemandLog(Duration window) {
        this.window = window;
    }

    synchronized void claimed(Instant at, boolean warm) {
        claims.addLast(new Claim(at, warm));
        if (warm) {
            emptyPlaces.addLast(at);
        }
        forget(at);
    }

    /** A container became ready in the pool (started ahead of demand, or back from its wipe). */
    synchronized void ready(Instant at) {
        while (!emptyPlaces.isEmpty()) {
            Instant emptied = emptyPlaces.pollFirst();
            Duration empty = Duration.between(emptied, at);
            if (!empty.isNegative() && empty.compareTo(STALE_PLACE) <= 0) {
                refills.addLast(new Timed(at, empty.toNanos() / 1e9));
                break;
            }
        }
        forget(at);
    }

    /** The pool shrank: places left empty are no longer to be filled. */
    synchronized void shrank() {
        emptyPlaces.clear();
    }

    /** A run finished: how long its claim took (a cold start's is the container's start) and how long it ran. */
    synchronized void ran(Instant at, boolean warm, long claimMillis, long execMillis) {
        if (!warm) {
            coldStarts.addLast(new Timed(at, claimMillis / 1000.0));
        }
        runs.addLast(new Timed(at, execMillis / 1000.0));
        forget(at);
    }

    /** The advice for a pool now at {@code target}, from the window ending at {@code now}. */
    synchronized PoolAdvice advise(Instant now, int target) {
        forget(now);
        int n = claims.size();
        long minutes = window.toMinutes();
        if (n < MIN_RUNS) {
            return PoolAdvice.none(String.format(Locale.ROOT, "Not enough runs to advise: %d in the last %d minutes (%d needed).",
                    n, minutes, MIN_RUNS));
        }
        // from the first claim of the window: a pool younger than the window, or idle before a burst, is not diluted
        double seconds = Math.max(1, Duration.between(claims.peekFirst().at(), now).toMillis() / 1000.0);
        double arrivals = (n - 1) / seconds;
        long cold = claims.stream().filter(c -> !c.warm()).count();
        double refill;
        String source;
        if (refills.size() >= MIN_REFILLS) {
            refill = mean(refills);
            source = "mean of " + refills.size() + " refills";
        } else if (coldStarts.size() >= MIN_REFILLS) {
            refill = mean(coldStarts);
            source = "from " + coldStarts.size() + " cold starts: too few warm claims to time a refill";
        } else {
            return PoolAdvice.none(String.format(Locale.ROOT, "Not enough refills to advise: %d timed in the last %d minutes"
                    + " (%d needed).", refills.size(), minutes, MIN_REFILLS));
        }
        return Advisor.advise(target, arrivals, refill, source, runs.isEmpty() ? 0 : mean(runs), (double) cold / n, n);
    }

    private void forget(Instant now) {
        Instant horizon = now.minus(window);
        while (!claims.isEmpty() && claims.peekFirst().at().isBefore(horizon)) {
            claims.pollFirst();
        }
        for (Deque<Timed> timed : java.util.List.of(refills, coldStarts, runs)) {
            while (!timed.isEmpty() && timed.peekFirst().at().isBefore(horizon)) {
                timed.pollFirst();
            }
        }
    }

    private static double mean(Deque<Timed> timed) {
        return timed.stream().mapToDouble(Timed::seconds).average().orElse(0);
    }
}
