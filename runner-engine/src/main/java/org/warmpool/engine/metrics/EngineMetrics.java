package org.warmpool.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The engine's figures for Prometheus ({@code GET /metrics}), through Micrometer's Prometheus
 * registry. Runs are counted as they finish ({@link #recordRun}); everything else — pool gauges,
 * cold starts, throttling, connections, the run queue — is read from one engine snapshot taken at
 * each scrape, so a scrape shows one instant and a pool that is gone leaves no stale series.
 *
 * <p>Names follow Prometheus's naming guide: the {@code warmpool_} prefix, base units (seconds),
 * {@code _total} on counters, and no per-submission labels (images, outcomes, phases and states
 * are few).
 */
public final class EngineMetrics implements AutoCloseable {
    /** Where a run's time is cut, as the {@code phase} label of {@code warmpool_run_duration_seconds}. */
    public static final List<String> PHASES = List.of("queued", "claim", "exec", "colour", "total");
    /** A pool's containers by state, as the {@code state} label of {@code warmpool_pool_containers}. */
    public static final List<String> STATES = List.of("ready", "starting", "running", "recycling", "retiring");
    /** Histogram buckets: a warm claim takes milliseconds, a run up to max_seconds (at most 60 s). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<EngineSnapshot> snapshots;
    private final AtomicReference<EngineSnapshot> latest = new AtomicReference<>();
    private final Map<String, List<Meter>> poolMeters = new HashMap<>(); // guarded by this
    private final Map<String, List<String>> poolEngines = new HashMap<>(); // guarded by this
    private final Set<String> throttleReasons = new HashSet<>(); // guarded by this
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** @param snapshots the engine's state now (taken once per scrape) */
    public EngineMetrics(Supplier<EngineSnapshot> snapshots) {
        this.snapshots = snapshots;
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
        Gauge.builder("warmpool.connections", this, m -> m.now().throttle().connections())
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("warmpool.queue.depth", this, m -> m.now().throttle().queued())
                .description("Admitted submissions waiting for a run slot").register(registry);
    }

    /** Counts a finished run: its outcome, warm or cold, and where its time went. */
    public void recordRun(RunResult result) {
        String start = result.warm() ? "warm" : "cold";
        Counter.builder("warmpool.runs").description("Runs finished, by image, outcome and how their container started")
                .tag("image", result.image()).tag("outcome", result.outcome().wireName()).tag("start", start)
                .register(registry).increment();
        Timings t = result.timings();
        long[] millis = {t.queued(), t.claim(), t.exec(), t.colour(), t.total()};
        for (int i = 0; i < PHASES.size(); i++) {
            Timer.builder("warmpool.run.duration").description("Where a run's time went, by phase")
                    .tag("image", result.image()).tag("phase", PHASES.get(i))
                    .serviceLevelObjectives(BUCKETS).register(registry).record(Duration.ofMillis(Math.max(0, millis[i])));
        }
    }

    /** Everything in Prometheus's text format (version 0.0.4), as of now. */
    public synchronized String scrape() {
        EngineSnapshot snapshot = snapshots.get();
        latest.set(snapshot);
        syncPools(snapshot);
        syncThrottle(snapshot);
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private EngineSnapshot now() {
        EngineSnapshot snapshot = latest.get();
        if (snapshot == null) {
            snapshot = snapshots.get();
            latest.set(snapshot);
        }
        return snapshot;
    }

    private PoolSnapshot pool(String image) {
        return now().pool(image);
    }

    /** One engine's part of a pool now, or {@code null}. */
    private PoolShare part(String image, String engine) {
        PoolSnapshot p = pool(image);
        return p == null ? null : Engines.partsOf(p).stream().filter(s -> s.engine().equals(engine)).findFirst().orElse(null);
    }

    /** Meters for every pool there is; those of pools that are gone are removed. */
    private void syncPools(EngineSnapshot snapshot) {
        Set<String> images = new HashSet<>();
        for (PoolSnapshot pool : snapshot.pools()) {
            images.add(pool.image());
            List<String> engines = Engines.partsOf(pool).stream().map(PoolShare::engine).toList();
            List<Meter> meters = poolMeters.get(pool.image());
            if (meters == null || !engines.equals(poolEngines.get(pool.image()))) { // new, or its engines changed
                if (meters != null) {
                    meters.forEach(registry::remove);
                }
                poolMeters.put(pool.image(), register(pool.image(), engines));
                poolEngines.put(pool.image(), engines);
            }
        }
        poolMeters.entrySet().removeIf(entry -> {
            if (images.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            poolEngines.remove(entry.getKey());
            return true;
        });
    }

    private List<Meter> register(String image, List<String> engines) {
        List<Meter> meters = new ArrayList<>();
        for (String engine : engines) {
            for (String state : STATES) {
                ToDoubleFunction<EngineMetrics> count = m -> {
                    PoolShare part = m.part(image, engine);
                    return part == null ? 0 : switch (state) {
                        case "ready" -> part.ready();
                        case "starting" -> part.starting();
                        case "running" -> part.running();
                        case "recycling" -> part.recycling();
                        default -> part.retiring();
                    };
                };
                meters.add(Gauge.builder("warmpool.pool.containers", this, count).description("A pool's containers by state")
                        .tag("image", image).tag("engine", engine).tag("state", state).register(registry));
            }
        }
        meters.add(Gauge.builder("warmpool.pool.target", this, m -> {
            PoolSnapshot p = m.pool(image);
            return p == null ? 0 : p.target();
        }).description("Ready containers a pool keeps waiting").tag("image", image).register(registry));
        meters.add(FunctionCounter.builder("warmpool.cold.starts", this, m -> {
            PoolSnapshot p = m.pool(image);
            return p == null ? 0 : p.coldStarts();
        }).description("Claims that found no ready container and started one on the spot").tag("image", image).register(registry));
        return meters;
    }

    private void syncThrottle(EngineSnapshot snapshot) {
        for (String reason : snapshot.throttle().rejections().keySet()) {
            if (throttleReasons.add(reason)) {
                FunctionCounter.builder("warmpool.throttled", this, m -> m.now().throttle().rejections().getOrDefault(reason, 0L))
                        .description("Submissions refused by admission control, by reason").tag("reason", reason)
                        .register(registry);
            }
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
