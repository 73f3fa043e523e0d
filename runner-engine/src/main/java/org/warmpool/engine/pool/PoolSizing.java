package org.warmpool.engine.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the pools are sized, beside the pools themselves: reactive pools' targets
 * ({@link ReactiveSizing}), why each target last changed, and the advice from each pool's demand
 * ({@link DemandLog}, {@link Advisor}). It learns of claims from the pool manager as they happen,
 * and of containers becoming ready and runs finishing from the engine's events; it changes targets
 * only through the manager.
 */
final class PoolSizing implements AutoCloseable {
    /** How far back the advice looks. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(PoolSizing.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Changes a pool's target (the manager's). */
    @FunctionalInterface
    interface Resize {
        void to(String image, int target);
    }

    private final Clock clock;
    private final Resize resize;
    private final Map<String, ReactiveSizing> reactive = new ConcurrentHashMap<>();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Map<String, Integer> fixedTargets = new ConcurrentHashMap<>();
    private final Map<String, DemandLog> demand = new ConcurrentHashMap<>();
    private final AutoCloseable events;

    PoolSizing(Clock clock, EventBus bus, ScheduledExecutorService scheduler, Resize resize) {
        this.clock = clock;
        this.resize = resize;
        this.events = bus.subscribe("warmpool-sizing", this::observe);
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** A pool was added, or its settings changed: a new range starts afresh at the settings' target. */
    void configure(String image, PoolSettings settings) {
        demand.computeIfAbsent(image, i -> new DemandLog(WINDOW));
        if (settings.range() == null) {
            reactive.remove(image);
            fixedTargets.put(image, settings.target());
            return;
        }
        fixedTargets.remove(image);
        ReactiveSizing now = reactive.get(image);
        if (now == null || !now.range().equals(settings.range())) {
            ReactiveSizing fresh = new ReactiveSizing(settings.range(), settings.target(), clock.instant());
            reactive.put(image, fresh);
            reasons.put(image, fresh.reason());
        }
    }

    void forget(String image) {
        reactive.remove(image);
        reasons.remove(image);
        demand.remove(image);
        fixedTargets.remove(image);
    }

    /**
     * A claim, as it happens: a reactive pool grows when it was cold or had to wait.
     *
     * @param waited it found no ready container and waited for one being wiped
     */
    void claimed(String image, boolean warm, boolean waited) {
        ReactiveSizing sizing = reactive.get(image);
        if (sizing != null) {
            sizing.claimed(clock.instant(), !warm, waited).ifPresent(change -> apply(image, change));
        }
    }

    /** The operator set a target by hand (the same target again, to refill a pool now, changes nothing here). */
    void setByOperator(String image, int target) {
        Instant now = clock.instant();
        ReactiveSizing sizing = reactive.get(image);
        Integer fixed = fixedTargets.put(image, target);
        if (sizing != null ? sizing.target() == target : fixed != null && fixed == target) {
            return;
        }
        if (sizing != null) {
            fixedTargets.remove(image);
            sizing.set(target, now);
            reasons.put(image, sizing.reason());
        } else {
            reasons.put(image, "Set to " + target + " by the operator at " + TIME.format(now) + ".");
        }
        DemandLog log = demand.get(image);
        if (log != null) {
            log.shrank();
        }
    }

    /** The pool as the manager sees it, with its range, why its target last changed and the advice. */
    PoolSnapshot decorate(PoolSnapshot pool) {
        ReactiveSizing sizing = reactive.get(pool.image());
        DemandLog log = demand.get(pool.image());
        return pool.withSizing(sizing == null ? null : sizing.range(), reasons.getOrDefault(pool.image(), ""),
                log == null ? PoolSnapshot.NO_ADVICE_YET : log.advise(clock.instant(), pool.target()));
    }

    /** Every second: reactive pools idle for long enough go back to their min. */
    void tick() {
        try {
            Instant now = clock.instant();
            reactive.forEach((image, sizing) -> sizing.tick(now).ifPresent(change -> {
                DemandLog log = demand.get(image);
                if (log != null) {
                    log.shrank();
                }
                apply(image, change);
            }));
        } catch (RuntimeException e) {
            log.warn("sizing the pools failed", e); // and it is tried again in a second
        }
    }

    private void apply(String image, ReactiveSizing.Change change) {
        reasons.put(image, change.reason());
        try {
            resize.to(image, change.target());
        } catch (RuntimeException e) {
            log.debug("{} could not be resized to {}: {}", image, change.target(), e.getMessage()); // removed meanwhile
        }
    }

    private void observe(EngineEvent event) {
        if (event instanceof EngineEvent.ContainerChanged changed) {
            ContainerLife life = changed.container();
            DemandLog log = demand.get(life.image());
            if (log == null) {
                return;
            }
            if (life.phase() == ContainerPhase.CLAIMED && life.claimed() != null) {
                // a cold start is ready the instant it is claimed; a warm container (or a recycled one) was ready before
                log.claimed(life.claimed(), life.ready() != null && life.ready().isBefore(life.claimed()));
            } else if (life.phase() == ContainerPhase.READY && life.ready() != null) {
                log.ready(life.ready());
            }
        } else if (event instanceof EngineEvent.RunFinished finished) {
            DemandLog log = demand.get(finished.run().image());
            if (log != null) {
                log.ran(finished.at(), finished.run().warm(), finished.run().claimMillis(), finished.run().execMillis());
            }
        }
    }

    @Override
    public void close() {
        try {
            events.close();
        } catch (Exception e) {
            // the bus closes with the engine anyway
        }
    }
}
