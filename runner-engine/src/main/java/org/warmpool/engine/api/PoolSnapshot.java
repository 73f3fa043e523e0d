package org.warmpool.engine.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One pool's state at an instant.
 *
 * @param state     preparing, ready, faulty (cannot serve: see {@code problem}), draining (being removed)
 * @param problem   what is wrong, in an operator's words; empty when nothing is
 * @param rule      where the traffic-light rule came from, or why there is none
 * @param outcomes  runs so far by outcome; every outcome is present (0 when none)
 * @param p50Millis median end-to-end latency of the recent runs (0 when none yet)
 * @param recycling containers being wiped after a run, on their way back to ready (recycling pools)
 * @param runPath   how runs get into its containers
 * @param recycle   its containers serve run after run
 * @param range     a reactive pool's range ("auto": its target moves within it); {@code null} for a pool of fixed size
 * @param targetReason why the target last changed, in a sentence (empty when it never did)
 * @param advice    the smallest target for under 1 % cold starts, from the last minutes; never {@code null}
 * @param engines   each engine's part of it (one entry per engine that holds the pool)
 */
public record PoolSnapshot(String image, PoolState state, String problem, int target, int ready, int starting,
                           int running, int retiring, long warmStarts, long coldStarts, Map<Outcome, Long> outcomes,
                           long p50Millis, long p95Millis, boolean readOnlyRoot, String rule, boolean everFilled,
                           int recycling, RunPathKind runPath, boolean recycle, PoolRange range, String targetReason,
                           PoolAdvice advice, List<PoolShare> engines) {
    /** Advice before anything was measured. */
    public static final PoolAdvice NO_ADVICE_YET = PoolAdvice.none("Nothing measured yet.");

    public PoolSnapshot {
        targetReason = targetReason == null ? "" : targetReason;
        advice = advice == null ? NO_ADVICE_YET : advice;
        engines = List.copyOf(engines);
        EnumMap<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            all.put(o, outcomes.getOrDefault(o, 0L));
        }
        outcomes = Collections.unmodifiableMap(all);
    }

    /** A pool of fixed size whose engines are not told apart, without advice (for tests and fakes). */
    public PoolSnapshot(String image, PoolState state, String problem, int target, int ready, int starting, int running,
                        int retiring, long warmStarts, long coldStarts, Map<Outcome, Long> outcomes, long p50Millis,
                        long p95Millis, boolean readOnlyRoot, String rule, boolean everFilled, int recycling, RunPathKind runPath,
                        boolean recycle) {
        this(image, state, problem, target, ready, starting, running, retiring, warmStarts, coldStarts, outcomes, p50Millis,
                p95Millis, readOnlyRoot, rule, everFilled, recycling, runPath, recycle, null, "", null, List.of());
    }

    /** A pool on the default run path that does not recycle (for tests and fakes). */
    public PoolSnapshot(String image, PoolState state, String problem, int target, int ready, int starting, int running,
                        int retiring, long warmStarts, long coldStarts, Map<Outcome, Long> outcomes, long p50Millis,
                        long p95Millis, boolean readOnlyRoot, String rule, boolean everFilled) {
        this(image, state, problem, target, ready, starting, running, retiring, warmStarts, coldStarts, outcomes, p50Millis,
                p95Millis, readOnlyRoot, rule, everFilled, 0, PoolSettings.DEFAULT_RUN_PATH, false);
    }

    /** The same pool with how it is sized: its range (or {@code null}), why its target last changed, and the advice. */
    public PoolSnapshot withSizing(PoolRange newRange, String reason, PoolAdvice newAdvice) {
        return new PoolSnapshot(image, state, problem, target, ready, starting, running, retiring, warmStarts, coldStarts,
                outcomes, p50Millis, p95Millis, readOnlyRoot, rule, everFilled, recycling, runPath, recycle, newRange, reason,
                newAdvice, engines);
    }

    /** The same pool, with its engines' parts. */
    public PoolSnapshot withEngines(List<PoolShare> shares) {
        return new PoolSnapshot(image, state, problem, target, ready, starting, running, retiring, warmStarts, coldStarts,
                outcomes, p50Millis, p95Millis, readOnlyRoot, rule, everFilled, recycling, runPath, recycle, range, targetReason,
                advice, shares);
    }

    /** "auto" for a reactive pool (its target moves within its range), "fixed" otherwise. */
    public String mode() {
        return range == null ? "fixed" : "auto";
    }

    /** Runs that ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    public long runs() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }
}
