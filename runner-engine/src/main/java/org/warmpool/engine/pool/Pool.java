package org.warmpool.engine.pool;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.colour.TrafficLight;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One image's pool as a state machine: its settings, its state, its ready containers and the
 * counts of containers starting, running and retiring. It owns its lock; every method is one
 * atomic step, and none calls out (Docker, events) while holding it, so callers never nest locks.
 *
 * <pre>
 *  PREPARING ──prepared──▶ READY ──drain──▶ DRAINING
 *      └──────fault──────▶ FAULTY
 *  a container: reserved (starting) ─▶ started (ready) ─▶ claimed (running) ─▶ released ─▶ retiring ─▶ gone
 * </pre>
 */
final class Pool {
    private final String image;
    private final CompletableFuture<Void> prepared = new CompletableFuture<>();
    private final Deque<Tracked> ready = new ArrayDeque<>();
    private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final LatencyWindow latencies = new LatencyWindow(256);

    private PoolSettings settings;
    private PoolState state = PoolState.PREPARING;
    private String problem = "";
    private TrafficLight light;
    private String rule = "";
    private int starting;
    private int running;
    private int retiring;
    private int recycling;
    private boolean everFilled;
    private int consecutiveStartFailures;
    private boolean retryScheduled;
    private long warmStarts;
    private long coldStarts;

    Pool(String image, PoolSettings settings) {
        this.image = image;
        this.settings = settings;
    }

    String image() {
        return image;
    }

    /** Completes once the rule is compiled (or the pool is faulty). */
    CompletableFuture<Void> preparation() {
        return prepared;
    }

    synchronized PoolSettings settings() {
        return settings;
    }

    synchronized void settings(PoolSettings newSettings) {
        settings = newSettings;
    }

    synchronized PoolState state() {
        return state;
    }

    synchronized boolean draining() {
        return state == PoolState.DRAINING;
    }

    // ---------------------------------------------------------------- preparation

    /** The rule is compiled: a preparing pool starts serving. */
    void prepared(TrafficLight compiled, String ruleOrigin) {
        synchronized (this) {
            light = compiled;
            rule = ruleOrigin;
            problem = "";
            if (state == PoolState.PREPARING) {
                state = PoolState.READY;
            }
        }
        prepared.complete(null);
    }

    /** It cannot serve, for the reason given; runs are answered faulty (or unknown image) with it. */
    void fault(String why) {
        synchronized (this) {
            state = PoolState.FAULTY;
            problem = why;
        }
        prepared.complete(null);
    }

    synchronized void problem(String why) {
        problem = why;
    }

    // ---------------------------------------------------------------- claims

    /**
     * Takes a ready container for a run, or {@code null} when there is none (the caller starts
     * one cold and reports it with {@link #claimedCold}).
     *
     * @throws RunRejectedException when the pool is faulty
     */
    synchronized Tracked claim() {
        return claim(0);
    }

    /**
     * As {@link #claim()}, but when no container is ready and some are being wiped after their run
     * (a recycling pool under steady load), waits up to {@code waitMillis} for one of those: a wipe
     * takes milliseconds, a cold start hundreds.
     */
    synchronized Tracked claim(long waitMillis) {
        if (state == PoolState.FAULTY) {
            throw new RunRejectedException(problem.contains("not on this machine") ? Reason.UNKNOWN_IMAGE : Reason.POOL_FAULTY,
                    problem);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (ready.isEmpty() && recycling > 0 && state == PoolState.READY) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Tracked container = ready.pollFirst();
        if (container != null) {
            running++;
            warmStarts++;
        }
        return container;
    }

    synchronized void claimedCold() {
        running++;
        coldStarts++;
    }

    synchronized TrafficLight light() {
        return light;
    }

    /** A claimed container is handed back; {@code outcome} is {@code null} when no run finished. */
    synchronized void released(Outcome outcome, long totalMillis) {
        running--;
        if (outcome != null) {
            outcomes.merge(outcome, 1L, Long::sum);
            latencies.add(totalMillis);
        }
    }

    // ---------------------------------------------------------------- warming

    /**
     * How many containers to start now to reach the target, reserved as starting; 0 when the pool
     * is not serving, a retry after failures is pending, or it is full.
     */
    synchronized int reserveStarts() {
        if (state != PoolState.READY || retryScheduled) {
            return 0;
        }
        // A recycling pool's containers all come back after their runs: its target counts them all,
        // or every claim would start a container that is surplus the moment the claimed one returns.
        int supply = ready.size() + starting + recycling + (settings.recycle() ? running : 0);
        int missing = settings.target() - supply;
        if (missing <= 0) {
            return 0;
        }
        starting += missing;
        return missing;
    }

    /** Whether a reserved start is still wanted; if not, the reservation is given back. */
    synchronized boolean stillWanted(boolean canStart) {
        if (canStart && state == PoolState.READY && ready.size() < settings.target()) {
            return true;
        }
        starting--;
        return false;
    }

    /** A reserved start failed. */
    synchronized void startFailed(String why) {
        starting--;
        consecutiveStartFailures++;
        problem = why;
    }

    /**
     * A reserved start succeeded; returns false when the container is no longer wanted (the pool
     * shrank or stopped serving meanwhile) and should be retired.
     */
    synchronized boolean started(Tracked container, boolean canKeep) {
        starting--;
        consecutiveStartFailures = 0;
        problem = "";
        if (canKeep && state == PoolState.READY && ready.size() < settings.target()) {
            ready.addLast(container);
            if (ready.size() >= settings.target()) {
                everFilled = true;
            }
            return true;
        }
        return false;
    }

    /**
     * After a failed start: the delay before trying again, or -1 when a retry is already pending.
     */
    synchronized long scheduleRetry(Backoff backoff) {
        if (retryScheduled) {
            return -1;
        }
        retryScheduled = true;
        return backoff.delay(consecutiveStartFailures).toMillis();
    }

    synchronized void retryDue() {
        retryScheduled = false;
    }

    // ---------------------------------------------------------------- leaving

    /** A ready container that died or vanished: no longer ready. Returns whether it was. */
    synchronized boolean lost(Tracked container) {
        return ready.remove(container);
    }

    /** A new target: the ready containers beyond it, to retire. */
    synchronized List<Tracked> target(int target) {
        settings = settings.target(target);
        List<Tracked> surplus = new ArrayList<>();
        while (ready.size() > target) {
            surplus.add(ready.pollLast());
        }
        return surplus;
    }

    /** Stops serving: nothing new starts; the idle containers, to retire. */
    synchronized List<Tracked> drain() {
        state = PoolState.DRAINING;
        settings = settings.target(0);
        return takeReady();
    }

    /** Every ready container, taken out (closing). */
    synchronized List<Tracked> takeReady() {
        List<Tracked> idle = new ArrayList<>(ready);
        ready.clear();
        return idle;
    }

    synchronized List<Tracked> readyNow() {
        return List.copyOf(ready);
    }

    /** A released container is being wiped to serve again (it counts towards the target meanwhile). */
    synchronized void recycling() {
        recycling++;
    }

    /**
     * A wiped container is back: ready again when {@code clean} and still wanted, else to retire
     * (returns false).
     */
    synchronized boolean recycled(Tracked container, boolean clean) {
        recycling--;
        notifyAll(); // a claim may be waiting for this one (or, if it goes, for nothing more)
        if (clean && state == PoolState.READY && ready.size() + starting + recycling + running < settings.target()) {
            ready.addLast(container);
            return true;
        }
        return false;
    }

    synchronized void retiring() {
        retiring++;
    }

    synchronized void retired() {
        retiring--;
    }

    /** Nothing starting, running or retiring. */
    synchronized boolean quiet() {
        return running == 0 && starting == 0 && retiring == 0 && recycling == 0;
    }

    synchronized boolean everFilled() {
        return everFilled;
    }

    /**
     * @param dockerProblem when Docker is not answering, what to show for a pool that has no
     *                      problem of its own; empty otherwise
     */
    synchronized PoolSnapshot snapshot(String dockerProblem) {
        String shown = problem.isEmpty() ? dockerProblem : problem;
        return new PoolSnapshot(image, state, shown, settings.target(), ready.size(), starting, running, retiring,
                warmStarts, coldStarts, outcomes, latencies.percentile(50), latencies.percentile(95),
                settings.readOnlyRoot(), rule, everFilled, recycling, settings.runPath(), settings.recycle());
    }
}
