package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.PoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.colour.RubyLambdas;
import org.warmpool.engine.colour.TrafficLight;
import org.warmpool.engine.docker.ContainerEvent;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerSpec;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.events.EventBus;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns every pool and every container the engine starts: warming ahead of demand, claiming,
 * retiring, noticing deaths (Docker's event stream plus a periodic reconcile), reaping orphans,
 * and riding out a Docker daemon that goes away and comes back.
 */
public final class PoolManager implements AutoCloseable {
    public static final String RULE_PATH = "/usr/local/bin/red_amber_green.rb";
    private static final Logger log = LoggerFactory.getLogger(PoolManager.class);
    private static final Set<String> LIVE_SESSIONS = ConcurrentHashMap.newKeySet();
    private static final int RECENT_LIVES = 500;
    private static final Duration UNKNOWN_CONTAINER_GRACE = Duration.ofSeconds(60);

    private final ContainerRuntime docker;
    private final RubyLambdas lambdas;
    private final EventBus bus;
    private final Clock clock;
    private final Duration reconcileEvery;
    private final String host;
    private final long pid;
    private final String session;
    private final String owner;

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, ContainerLife> recent = new LinkedHashMap<>();
    private final ExecutorService warmers;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;

    private final AtomicLong warmStarts = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private volatile boolean dockerUp = true;
    private volatile String dockerMessage = "";
    private volatile boolean closing;
    private volatile Closeable eventStream;

    /**
     * @param warmConcurrency how many containers may be starting at once: refill is throttled so
     *                        that it never starves the runs on a small machine
     */
    public PoolManager(ContainerRuntime docker, RubyLambdas lambdas, EventBus bus, int warmConcurrency,
                       Duration reconcileEvery, Clock clock) {
        this.docker = docker;
        this.lambdas = lambdas;
        this.bus = bus;
        this.clock = clock;
        this.reconcileEvery = reconcileEvery;
        this.host = Labels.host();
        this.pid = ProcessHandle.current().pid();
        this.session = Long.toString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()), 36).replace("-", "");
        this.owner = Labels.owner(session);
        this.warmers = Executors.newFixedThreadPool(warmConcurrency, daemon("warmpool-warm"));
        this.workers = Executors.newCachedThreadPool(daemon("warmpool-pool"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("warmpool-watch"));
    }

    /** Reaps orphans, subscribes to Docker events and starts the periodic reconcile. Never throws for a missing daemon. */
    public void start() {
        LIVE_SESSIONS.add(session);
        try {
            docker.ping();
            reapOrphans();
            subscribe();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
        scheduler.scheduleWithFixedDelay(this::watch, reconcileEvery.toMillis(), reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkDockerIfDown, 1, 1, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- pools

    /** Adds a pool (or changes its settings) and prepares it in the background. */
    public CompletableFuture<PoolSnapshot> addPool(String image, PoolSettings settings) {
        Pool pool = pools.compute(image, (name, existing) -> {
            if (existing == null || existing.state == PoolState.DRAINING) {
                return new Pool(name, settings);
            }
            synchronized (existing) {
                existing.settings = settings;
            }
            return existing;
        });
        if (!pool.prepared.isDone()) {
            workers.execute(() -> prepare(pool));
        } else {
            publish(pool);
            refill(pool);
        }
        return pool.prepared.thenApply(ignored -> snapshotOf(pool));
    }

    /** Changes how many ready containers a pool keeps, live: growing starts more, shrinking retires idle ones. */
    public PoolSnapshot setTarget(String image, int target) {
        Pool pool = existing(image);
        List<Tracked> surplus = new ArrayList<>();
        synchronized (pool) {
            pool.settings = pool.settings.target(target);
            while (pool.ready.size() > target) {
                surplus.add(pool.ready.pollLast());
            }
        }
        surplus.forEach(t -> retire(t, "pool shrank", null));
        refill(pool);
        return snapshotOf(pool);
    }

    /** Stops serving an image: idle containers go at once, running ones finish their submission. */
    public CompletableFuture<Void> removePool(String image) {
        Pool pool = existing(image);
        List<Tracked> idle;
        synchronized (pool) {
            pool.state = PoolState.DRAINING;
            pool.settings = pool.settings.target(0);
            idle = new ArrayList<>(pool.ready);
            pool.ready.clear();
        }
        publish(pool);
        idle.forEach(t -> retire(t, "pool removed", null));
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                synchronized (pool) {
                    if (pool.running == 0 && pool.starting == 0 && pool.retiring == 0) {
                        break;
                    }
                }
                sleep(50);
            }
            pools.remove(image, pool);
            bus.publish(new EngineEvent.PoolRemoved(clock.instant(), image));
        }, workers);
    }

    public boolean hasPool(String image) {
        Pool pool = pools.get(image);
        return pool != null && pool.state != PoolState.DRAINING;
    }

    public List<PoolSnapshot> snapshots() {
        return pools.values().stream().map(this::snapshotOf).sorted(Comparator.comparing(PoolSnapshot::image)).toList();
    }

    public List<ContainerLife> recentLives() {
        synchronized (recent) {
            return List.copyOf(recent.values());
        }
    }

    /** The {@code org.warmpool.owner} label on every container this manager starts. */
    public String owner() {
        return owner;
    }

    public boolean dockerAvailable() {
        return dockerUp;
    }

    public String dockerMessage() {
        return dockerMessage;
    }

    public long warmStarts() {
        return warmStarts.get();
    }

    public long coldStarts() {
        return coldStarts.get();
    }

    /** Labels every container of this engine carries (probes included), so reaping can tell whose it is. */
    public Map<String, String> labels(String image, String role) {
        return Map.of(Labels.PROJECT, "1", Labels.IMAGE, image, Labels.POOL, image, Labels.OWNER, owner, Labels.ROLE, role);
    }

    // ---------------------------------------------------------------- claim and retire

    /**
     * Takes a ready container for {@code image}, or starts one on the spot when the pool is empty
     * (a cold start). Waits for a pool that is still preparing.
     *
     * @throws RunRejectedException when the image is unknown, Docker is down, or the engine is closing
     */
    public Claim claim(String image, Duration waitForPreparation) {
        if (closing) {
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "Warmpool is shutting down; send it again when it is back.");
        }
        if (!dockerUp) {
            throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, dockerMessage);
        }
        Pool pool = pools.get(image);
        if (pool == null || pool.state == PoolState.DRAINING) {
            throw unknownImage(image);
        }
        awaitPrepared(pool, waitForPreparation);
        Tracked container;
        TrafficLight light;
        synchronized (pool) {
            if (pool.state == PoolState.FAULTY) {
                throw new RunRejectedException(pool.problem.contains("not on this machine") ? Reason.UNKNOWN_IMAGE : Reason.POOL_FAULTY,
                        pool.problem);
            }
            container = pool.ready.pollFirst();
            light = pool.light;
            if (container != null) {
                pool.running++;
                pool.warmStarts++;
                move(container, ContainerPhase.CLAIMED);
            }
        }
        if (container != null) {
            warmStarts.incrementAndGet();
            publish(pool);
            refill(pool);
            return new Claim(container.id(), image, true, light, System.nanoTime());
        }
        Tracked cold = startContainer(pool, false);
        synchronized (pool) {
            pool.running++;
            pool.coldStarts++;
            move(cold, ContainerPhase.CLAIMED);
        }
        coldStarts.incrementAndGet();
        publish(pool);
        refill(pool);
        return new Claim(cold.id(), image, false, light, System.nanoTime());
    }

    /** Marks the claimed container as running {@code cyber-dojo.sh}. */
    public void running(Claim claim) {
        Tracked t = tracked.get(claim.containerId());
        if (t != null) {
            synchronized (t.pool) {
                move(t, ContainerPhase.RUNNING);
            }
        }
    }

    /**
     * Hands a claimed container back after its one submission; it is removed in the background.
     *
     * @param outcome the run's outcome, or {@code null} when no run finished
     */
    public void release(Claim claim, String reason, Outcome outcome, long totalMillis) {
        Tracked t = tracked.get(claim.containerId());
        if (t == null) {
            return;
        }
        synchronized (t.pool) {
            t.pool.running--;
            if (outcome != null) {
                t.pool.outcomes.merge(outcome, 1L, Long::sum);
                t.pool.latencies.add(totalMillis);
            }
        }
        retire(t, reason, outcome);
    }

    private void retire(Tracked t, String reason, Outcome outcome) {
        synchronized (t.pool) {
            if (t.retired) {
                return;
            }
            t.retired = true;
            t.pool.retiring++;
            t.life = t.life.because(reason).withOutcome(outcome == null ? t.life.outcome() : outcome);
            move(t, ContainerPhase.RETIRING);
        }
        publish(t.pool);
        workers.execute(() -> {
            try {
                docker.remove(t.id());
            } catch (DockerUnavailableException e) {
                markDown(e.getMessage());
                // the reconcile after recovery removes it
            } catch (RuntimeException e) {
                log.warn("removing container {} failed", t.id(), e);
            } finally {
                synchronized (t.pool) {
                    t.pool.retiring--;
                    move(t, ContainerPhase.GONE);
                }
                tracked.remove(t.id());
                publish(t.pool);
            }
        });
    }

    // ---------------------------------------------------------------- warming

    private void prepare(Pool pool) {
        try {
            if (!docker.imageExists(pool.image)) {
                fault(pool, "image " + pool.image + " is not on this machine. Load it with: docker load -i <file>.tar"
                        + " (or build the demo images: ./warmpool doctor)");
                return;
            }
            String override;
            synchronized (pool) {
                override = pool.settings.lambdaOverride();
            }
            TrafficLight light;
            String rule;
            if (override != null) {
                rule = "operator's rule from the config";
                light = lambdas.compile("config rule for " + pool.image, override);
            } else {
                Map<String, byte[]> files = docker.readFiles(pool.image, List.of(RULE_PATH), 256 * 1024,
                        Labels.probe(pool.image, session));
                byte[] source = files.get(RULE_PATH);
                String origin = RULE_PATH + " in " + pool.image;
                if (source == null) {
                    rule = "none: " + RULE_PATH + " is missing (every run will be faulty)";
                    light = RubyLambdas.missing(origin);
                } else {
                    rule = RULE_PATH;
                    light = lambdas.compile(origin, new String(source, StandardCharsets.UTF_8));
                }
            }
            synchronized (pool) {
                pool.light = light;
                pool.rule = rule;
                if (pool.state == PoolState.PREPARING) {
                    pool.state = PoolState.READY;
                }
            }
            pool.prepared.complete(null);
            publish(pool);
            refill(pool);
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
            synchronized (pool) {
                pool.problem = e.getMessage();
            }
            publish(pool);
            // prepared stays incomplete: the recovery check prepares it again
        } catch (RuntimeException e) {
            log.warn("preparing pool {} failed", pool.image, e);
            fault(pool, "preparing " + pool.image + " failed: " + e.getMessage());
        }
    }

    private void fault(Pool pool, String problem) {
        synchronized (pool) {
            pool.state = PoolState.FAULTY;
            pool.problem = problem;
        }
        pool.prepared.complete(null);
        publish(pool);
    }

    /** Starts as many containers as the pool is short of, within the warmers' bound. */
    private void refill(Pool pool) {
        if (closing || !dockerUp) {
            return;
        }
        int missing;
        synchronized (pool) {
            if (pool.state != PoolState.READY || pool.refillScheduled) {
                return;
            }
            missing = pool.settings.target() - pool.supply();
            if (missing <= 0) {
                return;
            }
            pool.starting += missing;
        }
        publish(pool);
        for (int i = 0; i < missing; i++) {
            warmers.execute(() -> warmOne(pool));
        }
    }

    private void warmOne(Pool pool) {
        synchronized (pool) {
            boolean stillWanted = !closing && dockerUp && pool.state == PoolState.READY
                    && pool.ready.size() < pool.settings.target();
            if (!stillWanted) {
                pool.starting--;
                publish(pool);
                return;
            }
        }
        Tracked started;
        try {
            started = startContainer(pool, true);
        } catch (RunRejectedException e) {
            synchronized (pool) {
                pool.starting--;
                pool.consecutiveStartFailures++;
                pool.problem = e.getMessage();
            }
            publish(pool);
            if (e.reason() != Reason.DOCKER_UNAVAILABLE) {
                scheduleRetry(pool);
            }
            return;
        }
        Tracked surplus = null;
        synchronized (pool) {
            pool.starting--;
            pool.consecutiveStartFailures = 0;
            pool.problem = "";
            if (pool.state == PoolState.READY && pool.ready.size() < pool.settings.target() && !closing) {
                pool.ready.addLast(started);
                move(started, ContainerPhase.READY);
                if (pool.ready.size() >= pool.settings.target()) {
                    pool.everFilled = true;
                }
            } else {
                surplus = started;
            }
        }
        if (surplus != null) {
            retire(surplus, closing ? "engine shutting down" : "pool shrank", null);
        }
        publish(pool);
    }

    private void scheduleRetry(Pool pool) {
        long delay;
        synchronized (pool) {
            if (pool.refillScheduled) {
                return;
            }
            pool.refillScheduled = true;
            delay = Math.min(30_000L, 500L << Math.min(6, pool.consecutiveStartFailures - 1));
        }
        scheduler.schedule(() -> {
            synchronized (pool) {
                pool.refillScheduled = false;
            }
            refill(pool);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private Tracked startContainer(Pool pool, boolean warm) {
        PoolSettings settings;
        synchronized (pool) {
            settings = pool.settings;
        }
        ContainerSpec spec = new ContainerSpec(pool.image, labels(pool.image, warm ? "pool" : "cold"),
                Map.of("HOME", "/home/sandbox", "CYBER_DOJO_IMAGE_NAME", pool.image, "CYBER_DOJO_SANDBOX", "/sandbox"),
                settings.readOnlyRoot(), settings.memoryMegabytes() * 1024L * 1024L, settings.pidsLimit(),
                settings.sandboxMegabytes());
        Instant createdAt = clock.instant();
        String id;
        try {
            id = docker.createAndStart(spec);
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
            throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RunRejectedException(Reason.POOL_FAULTY,
                    "a container of " + pool.image + " would not start: " + e.getMessage(), e);
        }
        Tracked t = new Tracked(pool, ContainerLife.starting(id, pool.image, warm, createdAt));
        tracked.put(id, t);
        remember(t.life);
        return t;
    }

    // ---------------------------------------------------------------- watching Docker

    private void subscribe() {
        Closeable previous = eventStream;
        if (previous != null) {
            try {
                previous.close();
            } catch (Exception ignored) {
                // replaced anyway
            }
        }
        eventStream = docker.subscribe(this::onDockerEvent, ended -> {
            if (!closing) {
                scheduler.execute(this::resubscribeOrMarkDown);
            }
        });
    }

    private void resubscribeOrMarkDown() {
        try {
            docker.ping();
            subscribe();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
    }

    void onDockerEvent(ContainerEvent event) {
        Tracked t = tracked.get(event.containerId());
        if (t == null) {
            return;
        }
        boolean wasReady;
        synchronized (t.pool) {
            t.life = t.life.died(clock.instant());
            wasReady = t.pool.ready.remove(t);
            if ("oom".equals(event.action())) {
                t.life = t.life.because("out of memory");
            }
        }
        if (wasReady) {
            retire(t, "died while waiting" + ("destroy".equals(event.action()) ? " (removed from outside)"
                    : " (exit code " + event.exitCode() + ")"), null);
            refill(t.pool);
        } else if ("destroy".equals(event.action())) {
            synchronized (t.pool) {
                remember(t.life);
            }
        }
    }

    /** Periodic repair: anything the event stream missed, and containers leaked by failed calls. */
    private void watch() {
        if (!dockerUp || closing) {
            return;
        }
        try {
            reconcile();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("reconcile failed", e);
        }
    }

    /** Compares the pools with {@code docker ps}; public so that tests and operators can force one. */
    public void reconcile() {
        List<ManagedContainer> listed = docker.listManaged();
        Map<String, ManagedContainer> byId = new HashMap<>();
        listed.forEach(c -> byId.put(c.id(), c));
        for (Pool pool : pools.values()) {
            List<Tracked> dead = new ArrayList<>();
            synchronized (pool) {
                for (Tracked t : pool.ready) {
                    ManagedContainer c = byId.get(t.id());
                    if (c == null || !c.running()) {
                        dead.add(t);
                    }
                }
                pool.ready.removeAll(dead);
            }
            dead.forEach(t -> retire(t, "found dead by reconcile", null));
            refill(pool);
        }
        long now = clock.instant().getEpochSecond();
        for (ManagedContainer c : listed) {
            boolean ours = owner.equals(c.label(Labels.OWNER));
            boolean old = now - c.createdEpochSeconds() > UNKNOWN_CONTAINER_GRACE.toSeconds();
            // Only past the grace: a container is tracked once createAndStart returns, so one still
            // starting is listed as not running and untracked; removing it killed the run it was for.
            if (ours && !tracked.containsKey(c.id()) && old) {
                docker.remove(c.id());
            }
        }
    }

    /** Removes containers left by engines that are no longer alive (found by label). */
    public int reapOrphans() {
        int reaped = 0;
        for (ManagedContainer c : docker.listManaged()) {
            if (isOrphan(c.label(Labels.OWNER))) {
                docker.remove(c.id());
                reaped++;
            }
        }
        if (reaped > 0) {
            log.info("removed {} container(s) left behind by an earlier Warmpool", reaped);
        }
        return reaped;
    }

    private boolean isOrphan(String ownerLabel) {
        String[] parts = ownerLabel.split("/");
        if (parts.length != 3) {
            return true;
        }
        if (!parts[0].equals(host)) {
            return false; // another machine's engine sharing this daemon: not ours to judge
        }
        long ownerPid;
        try {
            ownerPid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return true;
        }
        if (ownerPid == pid) {
            return !LIVE_SESSIONS.contains(parts[2]);
        }
        return ProcessHandle.of(ownerPid).map(p -> !p.isAlive()).orElse(true);
    }

    private void checkDockerIfDown() {
        if (dockerUp || closing) {
            return;
        }
        try {
            docker.ping();
        } catch (DockerUnavailableException e) {
            return;
        }
        log.info("Docker is answering again");
        dockerUp = true;
        dockerMessage = "";
        bus.publish(new EngineEvent.DockerStatusChanged(clock.instant(), true, ""));
        try {
            subscribe();
            reconcile();
            for (Pool pool : pools.values()) {
                if (!pool.prepared.isDone()) {
                    workers.execute(() -> prepare(pool));
                } else {
                    refill(pool);
                }
            }
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
    }

    /** Docker stopped answering: runs fail fast until {@link #checkDockerIfDown} sees it back. */
    public void markDown(String message) {
        if (closing) {
            return;
        }
        dockerMessage = message;
        if (dockerUp) {
            dockerUp = false;
            log.warn("Docker is not answering: {}", message);
            bus.publish(new EngineEvent.DockerStatusChanged(clock.instant(), false, message));
            pools.values().forEach(this::publish);
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private void move(Tracked t, ContainerPhase phase) {
        t.life = t.life.withPhase(phase, clock.instant());
        remember(t.life);
    }

    private void remember(ContainerLife life) {
        synchronized (recent) {
            recent.put(life.id(), life);
            if (recent.size() > RECENT_LIVES) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
        bus.publish(new EngineEvent.ContainerChanged(clock.instant(), life));
    }

    private PoolSnapshot snapshotOf(Pool pool) {
        synchronized (pool) {
            PoolSnapshot s = pool.snapshot();
            if (!dockerUp && s.problem().isEmpty()) {
                return new PoolSnapshot(s.image(), s.state(), dockerMessage, s.target(), s.ready(), s.starting(), s.running(),
                        s.retiring(), s.warmStarts(), s.coldStarts(), s.outcomes(), s.p50Millis(), s.p95Millis(),
                        s.readOnlyRoot(), s.rule(), s.everFilled());
            }
            return s;
        }
    }

    private void publish(Pool pool) {
        bus.publish(new EngineEvent.PoolChanged(clock.instant(), snapshotOf(pool)));
    }

    private Pool existing(String image) {
        Pool pool = pools.get(image);
        if (pool == null) {
            throw unknownImage(image);
        }
        return pool;
    }

    private RunRejectedException unknownImage(String image) {
        return new RunRejectedException(Reason.UNKNOWN_IMAGE, "Warmpool has no pool for image " + image
                + ". Pools: " + String.join(", ", pools.keySet().stream().sorted().toList())
                + ". Add one in the console or with --pool " + image + "=N.");
    }

    private void awaitPrepared(Pool pool, Duration wait) {
        try {
            pool.prepared.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RunRejectedException(dockerUp ? Reason.POOL_FAULTY : Reason.DOCKER_UNAVAILABLE,
                    dockerUp ? "the pool for " + pool.image + " is still preparing; try again in a moment" : dockerMessage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "interrupted while waiting for the pool");
        } catch (ExecutionException e) {
            throw new RunRejectedException(Reason.INTERNAL, "preparing the pool failed: " + e.getCause().getMessage());
        }
    }

    /** Removes every container this engine started and stops watching. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        try {
            Closeable stream = eventStream;
            if (stream != null) {
                stream.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        warmers.shutdown();
        try {
            warmers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pool pool : pools.values()) {
            List<Tracked> idle;
            synchronized (pool) {
                idle = new ArrayList<>(pool.ready);
                pool.ready.clear();
            }
            idle.forEach(t -> retire(t, "engine shutting down", null));
        }
        for (Tracked t : List.copyOf(tracked.values())) {
            retire(t, "engine shutting down", null);
        }
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dockerUp) {
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
        LIVE_SESSIONS.remove(session);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
