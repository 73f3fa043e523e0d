package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.warmpool.engine.concurrent.DaemonThreads;

/**
 * Keeps pools at their targets: starts the containers a pool is short of, at most
 * {@code warmConcurrency} at once (refill never starves the runs of a small machine), and backs off
 * after failed starts instead of hammering Docker.
 */
final class Refill {
    private final Containers containers;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier canStart;
    private final Consumer<Pool> changed;
    private final ExecutorService warmers;

    /**
     * @param canStart false while Docker is down or the engine is closing
     * @param changed  told after each step, to publish the pool
     */
    Refill(int warmConcurrency, Containers containers, Backoff backoff, ScheduledExecutorService scheduler,
           BooleanSupplier canStart, Consumer<Pool> changed) {
        this.containers = containers;
        this.backoff = backoff;
        this.scheduler = scheduler;
        this.canStart = canStart;
        this.changed = changed;
        this.warmers = Executors.newFixedThreadPool(warmConcurrency, DaemonThreads.named("warmpool-warm"));
    }

    /** Starts as many containers as the pool is short of, in the background. */
    void refill(Pool pool) {
        if (!canStart.getAsBoolean()) {
            return;
        }
        int missing = pool.reserveStarts();
        if (missing == 0) {
            return;
        }
        changed.accept(pool);
        for (int i = 0; i < missing; i++) {
            warmers.execute(() -> warmOne(pool));
        }
    }

    private void warmOne(Pool pool) {
        if (!pool.stillWanted(canStart.getAsBoolean())) {
            changed.accept(pool);
            return;
        }
        Tracked started;
        try {
            started = containers.start(pool, true);
        } catch (RunRejectedException e) {
            pool.startFailed(e.getMessage());
            changed.accept(pool);
            if (e.reason() != Reason.DOCKER_UNAVAILABLE) {
                retryLater(pool);
            }
            return;
        }
        if (pool.started(started, canStart.getAsBoolean())) {
            containers.move(started, ContainerPhase.READY);
        } else {
            containers.retire(started, canStart.getAsBoolean() ? "pool shrank" : "engine shutting down", null,
                    () -> changed.accept(pool));
        }
        changed.accept(pool);
    }

    private void retryLater(Pool pool) {
        long delay = pool.scheduleRetry(backoff);
        if (delay < 0) {
            return;
        }
        scheduler.schedule(() -> {
            pool.retryDue();
            refill(pool);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Lets the starts under way finish (up to 30 s); no new ones begin. */
    void close() {
        warmers.shutdown();
        try {
            warmers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
