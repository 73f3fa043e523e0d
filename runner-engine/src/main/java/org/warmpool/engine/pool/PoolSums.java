package org.warmpool.engine.pool;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One pool held by several engines, seen as one: its counts summed, its state the best any engine offers. */
final class PoolSums {
    private PoolSums() {
    }

    /**
     * @param target the pool's whole target (what the operator asked for)
     * @param parts  each holding engine's pool, in engine order
     * @param up     whether each of those engines answers
     */
    static PoolSnapshot of(String image, int target, List<PoolSnapshot> parts, List<Boolean> up, List<PoolShare> shares) {
        int ready = 0;
        int starting = 0;
        int running = 0;
        int retiring = 0;
        int recycling = 0;
        long warm = 0;
        long cold = 0;
        long runs = 0;
        double p50 = 0;
        long p95 = 0;
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (PoolShare share : shares) { // what answering engines hold
            ready += share.ready();
            starting += share.starting();
            running += share.running();
        }
        for (PoolSnapshot p : parts) {
            retiring += p.retiring();
            recycling += p.recycling();
            warm += p.warmStarts();
            cold += p.coldStarts();
            p.outcomes().forEach((o, n) -> outcomes.merge(o, n, Long::sum));
            runs += p.runs();
            p50 += (double) p.p50Millis() * p.runs(); // a median of medians, weighted by runs: near enough for a screen
            p95 = Math.max(p95, p.p95Millis()); // the slowest engine's: an upper bound
        }
        PoolState state = best(parts);
        List<String> problems = new ArrayList<>();
        boolean everFilled = parts.stream().anyMatch(PoolSnapshot::everFilled);
        for (int i = 0; i < parts.size(); i++) {
            PoolSnapshot p = parts.get(i);
            if (!p.problem().isEmpty()) {
                problems.add(shares.get(i).engine() + ": " + p.problem());
            }
            if (up.get(i) && p.target() > 0 && !p.everFilled()) {
                everFilled = false;
            }
        }
        PoolSnapshot first = parts.get(0);
        return new PoolSnapshot(image, state, state == PoolState.READY ? "" : String.join("; ", problems), target, ready,
                starting, running, retiring, warm, cold, outcomes, runs == 0 ? 0 : Math.round(p50 / runs), p95,
                first.readOnlyRoot(), first.rule(), everFilled, recycling, first.runPath(), first.recycle(), first.range(),
                parts.stream().map(PoolSnapshot::targetReason).filter(r -> !r.isEmpty()).findFirst().orElse(""),
                advice(target, parts), shares);
    }

    /**
     * The whole pool's advice: the engines' arrivals added up, their refill times weighted by their
     * arrivals, through the same model as one engine's ({@link Advisor}).
     */
    static PoolAdvice advice(int target, List<PoolSnapshot> parts) {
        List<PoolAdvice> measured = parts.stream().map(PoolSnapshot::advice).filter(a -> a.runs() > 0 && a.refillSeconds() > 0)
                .toList();
        if (measured.size() <= 1) {
            return measured.isEmpty() ? parts.get(0).advice() : measured.get(0);
        }
        double arrivals = 0;
        double refill = 0;
        double run = 0;
        double cold = 0;
        int runs = 0;
        for (PoolAdvice a : measured) {
            arrivals += a.arrivalsPerSecond();
            refill += a.refillSeconds() * a.arrivalsPerSecond();
            run += a.runSeconds() * a.runs();
            cold += a.measuredCold() * a.runs();
            runs += a.runs();
        }
        return Advisor.advise(target, arrivals, arrivals == 0 ? 0 : refill / arrivals, "over " + measured.size() + " engines",
                runs == 0 ? 0 : run / runs, runs == 0 ? 0 : cold / runs, runs);
    }

    /** Ready when any engine serves it; else preparing, draining, faulty, in that order. */
    private static PoolState best(List<PoolSnapshot> parts) {
        for (PoolState s : List.of(PoolState.READY, PoolState.PREPARING, PoolState.DRAINING)) {
            if (parts.stream().anyMatch(p -> p.state() == s)) {
                return s;
            }
        }
        return parts.get(0).state();
    }
}
