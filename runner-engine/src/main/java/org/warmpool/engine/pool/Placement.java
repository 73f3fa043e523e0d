package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where containers go when there are several engines: a pool's target split over the engines that
 * can hold it, in proportion to what each host has, and the engine a claim should take from. Pure
 * arithmetic, no Docker: {@link EngineSet} asks, and does.
 */
final class Placement {
    private Placement() {
    }

    /**
     * What an engine offers.
     *
     * @param cores       {@code docker info}'s NCPU
     * @param memoryBytes {@code docker info}'s MemTotal (0 when unknown: then cores alone count)
     */
    record Capacity(int cores, long memoryBytes) {
    }

    /**
     * Each engine's part of a pool: its share of the target, and of a reactive pool's range split
     * the same way (an engine whose share of the max is not above its share of the min keeps a fixed part).
     */
    static Map<String, PoolSettings> parts(PoolSettings whole, Map<String, Capacity> engines) {
        Map<String, Integer> targets = split(whole.target(), engines);
        PoolRange range = whole.range();
        Map<String, PoolSettings> parts = new LinkedHashMap<>();
        for (String engine : engines.keySet()) {
            int target = targets.getOrDefault(engine, 0);
            if (range == null) {
                parts.put(engine, whole.target(target));
                continue;
            }
            int min = split(range.min(), engines).getOrDefault(engine, 0);
            int max = split(range.max(), engines).getOrDefault(engine, 0);
            parts.put(engine, max > min ? whole.range(new PoolRange(min, max, range.idle())) : whole.range(null).target(max));
        }
        return parts;
    }

    /**
     * Each engine's weight: the mean of its share of all the cores and its share of all the memory,
     * so that a host with many cores but little memory (or the reverse) is not overloaded on the
     * resource it lacks. Engines are in the caller's order.
     */
    static Map<String, Double> weights(Map<String, Capacity> engines) {
        double cores = engines.values().stream().mapToDouble(Capacity::cores).sum();
        double memory = engines.values().stream().mapToDouble(Capacity::memoryBytes).sum();
        boolean memoryKnown = engines.values().stream().allMatch(c -> c.memoryBytes() > 0);
        Map<String, Double> weights = new LinkedHashMap<>();
        engines.forEach((name, c) -> {
            double byCores = cores == 0 ? 1.0 / engines.size() : c.cores() / cores;
            weights.put(name, memoryKnown ? (byCores + c.memoryBytes() / memory) / 2 : byCores);
        });
        return weights;
    }

    /**
     * Splits {@code target} containers over {@code engines} by weight (largest remainder: every
     * engine gets the whole part of its share, the containers left over go to the largest fractions,
     * ties to the engine named first). The parts always add up to {@code target}; no engines, no parts.
     */
    static Map<String, Integer> split(int target, Map<String, Capacity> engines) {
        Map<String, Integer> parts = new LinkedHashMap<>();
        if (engines.isEmpty()) {
            return parts;
        }
        Map<String, Double> weights = weights(engines);
        List<String> names = new ArrayList<>(weights.keySet());
        Map<String, Double> fraction = new LinkedHashMap<>();
        int given = 0;
        for (String name : names) {
            double exact = target * weights.get(name);
            int whole = (int) Math.floor(exact + 1e-9);
            parts.put(name, whole);
            fraction.put(name, exact - whole);
            given += whole;
        }
        List<String> byFraction = new ArrayList<>(names);
        byFraction.sort(Comparator.comparingDouble((String n) -> -fraction.get(n)).thenComparingInt(names::indexOf));
        for (int i = 0; given < target; i++, given++) {
            String name = byFraction.get(i % byFraction.size());
            parts.merge(name, 1, Integer::sum);
        }
        return parts;
    }

    /**
     * How busy an engine is for a claim: its runs in flight for each unit of weight. A claim takes
     * from the engine with the lowest load among those with a ready container, else (a cold start)
     * among all that can serve.
     */
    static double load(int inFlight, double weight) {
        return weight <= 0 ? Double.MAX_VALUE : inFlight / weight;
    }
}
