package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.colour.TrafficLight;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.docker.ContainerEvent;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;
import org.warmpool.engine.events.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pools of one engine, and what keeps them: claims and releases for the run path, and the
 * parts that do the work, each in a class of its own — {@link Pool} (one pool's state machine),
 * {@link PoolRegistry}, {@link RulePreparation}, {@link Containers} (start, track, remove),
 * {@link Refill} (with its {@link Backoff}), {@link DockerWatcher} (events, reconcile, health) and
 * {@link OrphanReaper}.
 */
public final class PoolManager implements AutoCloseable {
    /** Where a cyber-dojo image keeps its traffic-light rule. */
    public static final String RULE_PATH = RulePreparation.RULE_PATH;
    private static final Logger log = LoggerFactory.getLogger(PoolManager.class);
    /** A container is tracked once createAndStart returns; one still starting is listed but untracked. */
    private static final Duration UNKNOWN_CONTAINER_GRACE = Duration.ofSeconds(60);
    /** How long a claim waits for a container being wiped before it starts one cold (a wipe takes milliseconds). */
    private static final Duration RECYCLE_WAIT = Duration.ofSeconds(2);
    /** Times one claim finds Docker gone before its submission is answered docker_unavailable. */
    private static final int CLAIM_ATTEMPTS = 5;
    /** A claim that took longer waited for a container being wiped (an uncontended claim takes microseconds). */
    private static final long WAITED_NANOS = 5_000_000;

    /** How long claims wait for Docker to come back, unless told otherwise. */
    public static final Duration DEFAULT_DOCKER_GRACE = Duration.ofSeconds(20);

    private final ContainerRuntime docker;
    private final Duration dockerGrace;
    private final EventBus bus;
    private final Clock clock;
    private final String owner;
    private final PoolRegistry registry = new PoolRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("warmpool-watch"));
    private final ExecutorService preparers = Executors.newCachedThreadPool(DaemonThreads.named("warmpool-prepare"));
    private final Containers containers;
    private final RulePreparation preparation;
    private final Refill refill;
    private final DockerWatcher watcher;
    private final OrphanReaper reaper;
    private final PoolSizing sizing;
    private final AtomicLong warmStarts = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private volatile boolean closing;

    /** @param warmConcurrency how many containers may be starting at once; {@code compiler}: {@code RubyLambdas::compile} */
    public PoolManager(ContainerRuntime docker, RuleCompiler compiler, EventBus bus, int warmConcurrency,
                       Duration reconcileEvery, Clock clock) {
        this(docker, compiler, bus, warmConcurrency, reconcileEvery, DEFAULT_DOCKER_GRACE, clock);
    }

    /**
     * @param dockerGrace how long claims wait for a Docker that stopped answering before they are
     *                    answered {@code docker_unavailable}
     */
    public PoolManager(ContainerRuntime docker, RuleCompiler compiler, EventBus bus, int warmConcurrency,
                       Duration reconcileEvery, Duration dockerGrace, Clock clock) {
        this.docker = docker;
        this.dockerGrace = dockerGrace;
        this.bus = bus;
        this.clock = clock;
        String session = Long.toString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()), 36).replace("-", "");
        this.owner = Labels.owner(session);
        this.containers = new Containers(docker, bus, clock, owner, this::markDown);
        this.preparation = new RulePreparation(docker, compiler, session);
        this.watcher = new DockerWatcher(docker, bus, clock, scheduler, reconcileEvery, this::onDockerEvent, this::reconcile,
                this::recovered, () -> registry.all().forEach(this::publish));
        this.refill = new Refill(warmConcurrency, containers, Backoff.exponential(), scheduler,
                () -> !closing && watcher.up(), this::publish);
        this.reaper = new OrphanReaper(docker, Labels.host(), ProcessHandle.current().pid(), session);
        this.sizing = new PoolSizing(clock, bus, scheduler, this::resize);
    }

    /** Reaps orphans, subscribes to Docker's events and starts watching. Never throws for a missing daemon. */
    public void start() {
        reaper.alive();
        watcher.start(reaper::reap);
    }

    // ---------------------------------------------------------------- pools

    /** Adds a pool (or changes its settings) and prepares it in the background. */
    public CompletableFuture<PoolSnapshot> addPool(String image, PoolSettings settings) {
        PoolRegistry.Added added = registry.add(image, settings);
        sizing.configure(image, settings);
        Pool pool = added.pool();
        if (!pool.preparation().isDone()) {
            if (added.created()) {
                preparers.execute(() -> prepare(pool));
            }
        } else {
            publish(pool);
            refill.refill(pool);
        }
        return pool.preparation().thenApply(ignored -> snapshotOf(pool));
    }

    /** Changes how many ready containers a pool keeps, live: growing starts more, shrinking retires idle ones. */
    public PoolSnapshot setTarget(String image, int target) {
        resize(image, target);
        sizing.setByOperator(image, target);
        return snapshotOf(registry.existing(image));
    }

    private void resize(String image, int target) {
        Pool pool = registry.existing(image);
        pool.target(target).forEach(c -> retire(c, "pool shrank", null));
        refill.refill(pool);
        publish(pool);
    }

    /** Stops serving an image: idle containers go at once, running ones finish their submission. */
    public CompletableFuture<Void> removePool(String image) {
        Pool pool = registry.existing(image);
        List<Tracked> idle = pool.drain();
        publish(pool);
        idle.forEach(c -> retire(c, "pool removed", null));
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!pool.quiet() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            registry.remove(image, pool);
            sizing.forget(image);
            bus.publish(new EngineEvent.PoolRemoved(clock.instant(), image));
        }, preparers);
    }

    public boolean hasPool(String image) {
        return registry.serving(image) != null;
    }

    public List<PoolSnapshot> snapshots() {
        return registry.all().stream().map(this::snapshotOf).sorted(Comparator.comparing(PoolSnapshot::image)).toList();
    }

    public List<ContainerLife> recentLives() {
        return containers.recentLives();
    }

    /** The {@code org.warmpool.owner} label on every container this manager starts. */
    public String owner() {
        return owner;
    }

    public boolean dockerAvailable() {
        return watcher.up();
    }

    public String dockerMessage() {
        return watcher.message();
    }

    public long warmStarts() {
        return warmStarts.get();
    }

    public long coldStarts() {
        return coldStarts.get();
    }

    /** Labels every container of this engine carries (probes included), so reaping can tell whose it is. */
    public Map<String, String> labels(String image, String role) {
        return containers.labels(image, role);
    }

    // ---------------------------------------------------------------- claim and release

    /**
     * Takes a ready container for {@code image}, or starts one on the spot when the pool is empty
     * (a cold start). Waits for a pool that is still preparing.
     *
     * @throws RunRejectedException when the image is unknown, Docker is down, or the engine is closing
     */
    public Claim claim(String image, Duration waitForPreparation) {
        for (int attempt = 1; ; attempt++) {
            if (closing) {
                throw new RunRejectedException(Reason.SHUTTING_DOWN, "Warmpool is shutting down; send it again when it is back.");
            }
            watcher.awaitOrRefuse(dockerGrace);
            String failed;
            try {
                return claimNow(image, waitForPreparation);
            } catch (DockerUnavailableException e) {
                failed = e.getMessage();
            } catch (RunRejectedException e) {
                if (e.reason() != Reason.DOCKER_UNAVAILABLE) {
                    throw e;
                }
                failed = e.getMessage(); // a cold start found Docker gone
            }
            markDown(failed); // and wait for it, within the grace
            if (attempt == CLAIM_ATTEMPTS) {
                // a daemon that answers its pings but fails every claim: do not keep the submission forever
                throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, failed + " (" + CLAIM_ATTEMPTS
                        + " tries; Warmpool keeps trying and serves again as soon as Docker answers)");
            }
        }
    }

    private Claim claimNow(String image, Duration waitForPreparation) {
        Pool pool = registry.serving(image);
        if (pool == null) {
            throw registry.unknownImage(image);
        }
        awaitPrepared(pool, waitForPreparation);
        long asked = System.nanoTime();
        Tracked container = pool.claim(RECYCLE_WAIT.toMillis());
        boolean warm = container != null;
        sizing.claimed(image, warm, System.nanoTime() - asked > WAITED_NANOS); // a reactive pool grows on a miss
        if (warm) {
            warmStarts.incrementAndGet();
        } else {
            container = containers.startCold(pool);
            pool.claimedCold();
            coldStarts.incrementAndGet();
        }
        containers.move(container, ContainerPhase.CLAIMED);
        publish(pool);
        refill.refill(pool);
        return new Claim(container.id(), image, warm, pool.light(), System.nanoTime(), container.session());
    }

    /** Marks the claimed container as running {@code cyber-dojo.sh}. */
    public void running(Claim claim) {
        Tracked container = containers.get(claim.containerId());
        if (container != null) {
            containers.move(container, ContainerPhase.RUNNING);
        }
    }

    /**
     * Kills a claimed container now, off the caller's thread, because its run was cancelled: the run
     * path sees it die and returns, and the holder then hands it back with {@code reusable} false, so
     * it is removed (never ready again, not even in a recycling pool).
     */
    public void kill(Claim claim) {
        Tracked container = containers.get(claim.containerId());
        if (container != null) {
            containers.kill(container);
        }
    }

    /**
     * Hands a claimed container back after its one submission; it is removed in the background.
     *
     * @param outcome the run's outcome, or {@code null} when no run finished
     */
    public void release(Claim claim, String reason, Outcome outcome, long totalMillis) {
        release(claim, reason, outcome, totalMillis, false);
    }

    /**
     * Hands a claimed container back. In a recycling pool a container whose run ended cleanly
     * ({@code reusable}) is wiped by its agent and, once the agent has verified the wipe, is ready
     * for the pool's next run; it is replaced instead after its pool's number of runs, or when the
     * wipe cannot be verified. Everything else is removed in the background.
     */
    public void release(Claim claim, String reason, Outcome outcome, long totalMillis, boolean reusable) {
        Tracked container = containers.get(claim.containerId());
        if (container == null) {
            return;
        }
        Pool pool = container.pool();
        pool.released(outcome, totalMillis);
        int served = container.served();
        PoolSettings settings = pool.settings();
        if (!reusable || !settings.recycle() || container.session() == null || closing) {
            retire(container, reason, outcome);
            refill.refill(pool); // a recycling pool counts its running containers: replace this one
            return;
        }
        if (served >= settings.recycleRuns()) {
            retire(container, "served " + served + " runs (recycle_runs)", outcome);
            refill.refill(pool);
            return;
        }
        pool.recycling();
        containers.move(container, ContainerPhase.RECYCLING);
        publish(pool);
        container.session().recycled().whenComplete((clean, failure) -> {
            boolean wiped = failure == null && Boolean.TRUE.equals(clean);
            if (pool.recycled(container, wiped && !closing)) {
                containers.move(container, ContainerPhase.READY);
                publish(pool);
            } else {
                retire(container, wiped ? "pool shrank" : "its wipe could not be verified", outcome);
                refill.refill(pool);
            }
        });
    }

    private void retire(Tracked container, String reason, Outcome outcome) {
        Pool pool = container.pool();
        containers.retire(container, reason, outcome, () -> publish(pool));
        publish(pool);
    }

    // ---------------------------------------------------------------- preparing

    private void prepare(Pool pool) {
        try {
            preparation.prepare(pool);
            publish(pool);
            refill.refill(pool);
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
            pool.problem(e.getMessage());
            publish(pool); // stays preparing: prepared again when Docker is back
        } catch (RuntimeException e) {
            log.warn("preparing pool {} failed", pool.image(), e);
            pool.fault("preparing " + pool.image() + " failed: " + e.getMessage());
            publish(pool);
        }
    }

    private void awaitPrepared(Pool pool, Duration wait) {
        try {
            pool.preparation().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RunRejectedException(watcher.up() ? Reason.POOL_FAULTY : Reason.DOCKER_UNAVAILABLE,
                    watcher.up() ? "the pool for " + pool.image() + " is still preparing; try again in a moment" : watcher.message());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "interrupted while waiting for the pool");
        } catch (ExecutionException e) {
            throw new RunRejectedException(Reason.INTERNAL, "preparing the pool failed: " + e.getCause().getMessage());
        }
    }

    // ---------------------------------------------------------------- watching Docker

    void onDockerEvent(ContainerEvent event) {
        Tracked container = containers.get(event.containerId());
        if (container == null) {
            return;
        }
        containers.died(container, "oom".equals(event.action()) ? "out of memory" : null);
        if (container.pool().lost(container)) {
            retire(container, "died while waiting" + ("destroy".equals(event.action()) ? " (removed from outside)"
                    : " (exit code " + event.exitCode() + ")"), null);
            refill.refill(container.pool());
        }
    }

    /** Compares the pools with {@code docker ps}; public so that tests and operators can force one. */
    public void reconcile() {
        List<ManagedContainer> listed = docker.listManaged();
        Map<String, ManagedContainer> byId = new HashMap<>();
        listed.forEach(c -> byId.put(c.id(), c));
        for (Pool pool : registry.all()) {
            for (Tracked container : pool.readyNow()) {
                ManagedContainer c = byId.get(container.id());
                if ((c == null || !c.running()) && pool.lost(container)) {
                    retire(container, "found dead by reconcile", null);
                }
            }
            refill.refill(pool);
        }
        long now = clock.instant().getEpochSecond();
        for (ManagedContainer c : listed) {
            boolean ours = owner.equals(c.label(Labels.OWNER));
            boolean old = now - c.createdEpochSeconds() > UNKNOWN_CONTAINER_GRACE.toSeconds();
            // Only past the grace: removing one still starting killed the run it was for.
            if (ours && !containers.tracks(c.id()) && old) {
                docker.remove(c.id());
            }
        }
    }

    /** Removes containers left by engines that are no longer alive (found by label). */
    public int reapOrphans() {
        return reaper.reap();
    }

    /** Docker stopped answering (a run found out): claims wait for it within the grace, then fail fast, until it is back. */
    public void markDown(String message) {
        watcher.markDown(message);
    }

    /**
     * Docker answers again (the watcher has reconciled: containers of its previous life that no
     * longer run are gone from the pools): orphans of engines that closed meanwhile are reaped,
     * and every pool is prepared or refilled at once.
     */
    private void recovered() {
        try {
            reaper.reap();
            long outageBegan = watcher.lastOutageBegan().getEpochSecond();
            for (ManagedContainer c : docker.listManaged()) {
                // ours, from before the outage, and dead: the daemon's previous life (its removal may have failed meanwhile).
                // Docker counts creation in whole seconds: one created in the second the outage began may be a cold start
                // under way as Docker returns (created, not yet running, not yet tracked); the reconcile's grace sees to those.
                if (owner.equals(c.label(Labels.OWNER)) && !c.running() && !containers.tracks(c.id())
                        && c.createdEpochSeconds() < outageBegan) {
                    docker.remove(c.id());
                }
            }
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
            return;
        }
        for (Pool pool : registry.all()) {
            if (!pool.preparation().isDone()) {
                preparers.execute(() -> prepare(pool));
            } else {
                refill.refill(pool);
            }
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private PoolSnapshot snapshotOf(Pool pool) {
        return sizing.decorate(pool.snapshot(watcher.up() ? "" : watcher.message()));
    }

    private void publish(Pool pool) {
        bus.publish(new EngineEvent.PoolChanged(clock.instant(), snapshotOf(pool)));
    }

    /** Removes every container this engine started and stops watching. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        sizing.close();
        watcher.close();
        refill.close();
        for (Pool pool : registry.all()) {
            pool.takeReady().forEach(c -> retire(c, "engine shutting down", null));
        }
        for (Tracked container : containers.all()) {
            retire(container, "engine shutting down", null);
        }
        containers.close();
        preparers.shutdownNow();
        if (watcher.up()) {
            try {
                for (ManagedContainer c : docker.listManaged()) {
                    if (owner.equals(c.label(Labels.OWNER))) {
                        docker.remove(c.id());
                    }
                }
            } catch (RuntimeException e) {
                log.warn("could not check for leftover containers: {}", e.getMessage());
            }
        }
        reaper.gone();
    }
}
