package org.warmpool.engine.core;

import org.warmpool.engine.api.PoolSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an engine is set up. Every field has a default that suits a 2-core laptop running a
 * workshop.
 *
 * @param pools              the pools to prepare at start, by image
 * @param warmConcurrency    containers that may be starting at once (refill never starves runs)
 * @param maxConcurrentRuns  runs executing at once; more wait in the run queue
 * @param reconcileEvery     how often the pools are compared with {@code docker ps}
 * @param lambdaTimeout      longest a traffic-light rule may take
 * @param dockerGrace        how long submissions wait for a Docker that stopped answering, counted
 *                           from when it stopped, before they are answered {@code docker_unavailable}
 */
public record EngineConfig(Map<String, PoolSettings> pools, int warmConcurrency, int maxConcurrentRuns,
                           Duration reconcileEvery, Duration lambdaTimeout, Duration dockerGrace) {
    public EngineConfig {
        pools = Map.copyOf(new LinkedHashMap<>(pools));
        if (warmConcurrency < 1 || maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("warmConcurrency and maxConcurrentRuns must be at least 1");
        }
        if (dockerGrace.isNegative()) {
            throw new IllegalArgumentException("dockerGrace must not be negative");
        }
    }

    public static EngineConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineConfig(Map.of(), Math.max(1, cores / 2), Math.max(2, cores * 2),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(20));
    }

    public EngineConfig withPool(String image, PoolSettings settings) {
        Map<String, PoolSettings> more = new LinkedHashMap<>(pools);
        more.put(image, settings);
        return new EngineConfig(more, warmConcurrency, maxConcurrentRuns, reconcileEvery, lambdaTimeout, dockerGrace);
    }

    public EngineConfig withReconcileEvery(Duration every) {
        return new EngineConfig(pools, warmConcurrency, maxConcurrentRuns, every, lambdaTimeout, dockerGrace);
    }

    public EngineConfig withWarmConcurrency(int n) {
        return new EngineConfig(pools, n, maxConcurrentRuns, reconcileEvery, lambdaTimeout, dockerGrace);
    }

    public EngineConfig withMaxConcurrentRuns(int n) {
        return new EngineConfig(pools, warmConcurrency, n, reconcileEvery, lambdaTimeout, dockerGrace);
    }

    public EngineConfig withDockerGrace(Duration grace) {
        return new EngineConfig(pools, warmConcurrency, maxConcurrentRuns, reconcileEvery, lambdaTimeout, grace);
    }
}
