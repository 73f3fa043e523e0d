package org.warmpool.engine.server;

import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Pools} over the engine, keeping the settings in step with every change. */
final class ServerPools implements Pools {
    private static final long PROGRESS_EVERY_MILLIS = 250;

    private final Engine engine;
    private final SettingsStore settings;
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("warmpool-prepare-progress"));

    ServerPools(Engine engine, SettingsStore settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public List<PoolSnapshot> list() {
        return engine.snapshot().pools();
    }

    @Override
    public Optional<PoolSettings> settings(String image) {
        return settings.read(s -> Optional.ofNullable(s.pools.get(image)).map(p -> p.toPoolSettings(java.time.Duration.ofSeconds(s.poolIdleSeconds))));
    }

    @Override
    public CompletableFuture<PoolSnapshot> add(String image, PoolSettings poolSettings) {
        CompletableFuture<PoolSnapshot> added = engine.addPool(image, poolSettings);
        settings.update(s -> s.pools.put(image, Settings.Pool.of(poolSettings)));
        return added;
    }

    @Override
    public PoolSnapshot setTarget(String image, int target) {
        PoolSnapshot answer = engine.setTarget(image, target);
        settings.update(s -> s.pools.computeIfAbsent(image, i -> new Settings.Pool()).target = target);
        return answer;
    }

    @Override
    public CompletableFuture<Void> remove(String image) {
        return engine.removePool(image).thenRun(() -> settings.update(s -> {
            s.pools.remove(image);
            s.namePools(); // no pools left is the operator's choice, kept at the next start
        }));
    }

    @Override
    public Preparation prepare(List<String> images, PreparationListener listener) {
        List<String> chosen = images.isEmpty() ? list().stream().map(PoolSnapshot::image).toList() : List.copyOf(images);
        for (String image : chosen) {
            PoolSnapshot pool = engine.snapshot().pool(image);
            if (pool != null) {
                engine.setTarget(image, pool.target()); // refills anything short now
            }
        }
        CompletableFuture<List<PoolProgress>> done = new CompletableFuture<>();
        ScheduledFuture<?>[] ticking = new ScheduledFuture<?>[1];
        Runnable tick = () -> {
            List<PoolProgress> now = progressOf(chosen);
            listener.progress(now);
            if (now.stream().allMatch(PoolProgress::done)) {
                done.complete(now);
            }
        };
        ticking[0] = progress.scheduleWithFixedDelay(() -> {
            if (done.isDone()) {
                ticking[0].cancel(false);
            } else {
                tick.run();
            }
        }, 0, PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        done.whenComplete((r, e) -> ticking[0].cancel(false));
        return new Preparation() {
            @Override
            public CompletableFuture<List<PoolProgress>> done() {
                return done;
            }

            @Override
            public void cancel() {
                done.complete(progressOf(chosen));
            }
        };
    }

    private List<PoolProgress> progressOf(List<String> images) {
        List<PoolProgress> all = new ArrayList<>();
        for (String image : images) {
            PoolSnapshot p = engine.snapshot().pool(image);
            if (p == null) {
                all.add(new PoolProgress(image, 0, 0, true, "no pool for " + image));
            } else if (p.state() == PoolState.FAULTY) {
                all.add(new PoolProgress(image, p.ready(), p.target(), true, p.problem()));
            } else {
                all.add(new PoolProgress(image, p.ready(), p.target(), p.ready() >= p.target(), p.problem()));
            }
        }
        return all;
    }

    void close() {
        progress.shutdownNow();
    }
}
