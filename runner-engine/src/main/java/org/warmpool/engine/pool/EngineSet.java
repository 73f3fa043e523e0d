package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The Docker engines Warmpool places containers on, each with its own {@link PoolManager}. A pool's
 * target is split over the engines that answer and hold its image, weighted by their cores and
 * memory ({@link Placement}); a claim takes a ready container from the least loaded of them. An
 * engine that stops answering gives its share of every pool to the others until it is back; its
 * waiting claims go elsewhere. With one engine this is that engine's pools, unchanged.
 */
public final class EngineSet implements AutoCloseable {
    /** How often each engine is asked whether it answers (its event stream notices a dead socket sooner). */
    private static final Duration HEALTH_EVERY = Duration.ofSeconds(2);
    private static final long WAIT_STEP_MILLIS = 100;

    /** An engine to use: its name, what the operator wrote, and how to reach it. */
    public record Endpoint(String name, String uri, ContainerRuntime runtime) {
    }

    private final List<EngineMember> members = new ArrayList<>();
    private final EventBus bus;
    private final Clock clock;
    private final Duration dockerGrace;
    /** The pools as asked for, whole: each engine holds its share. */
    private final Map<String, PoolSettings> asked = new ConcurrentHashMap<>();
    private final List<AutoCloseable> relays = new ArrayList<>();
    private final ScheduledExecutorService health;
    private final EngineRelay relay;
    private volatile boolean closing;

    /**
     * @param compiler    turns a rule's source into a light
     * @param dockerGrace how long claims wait when no engine answers
     */
    public EngineSet(List<Endpoint> endpoints, RuleCompiler compiler, EventBus bus, int warmConcurrency, Duration reconcileEvery,
                     Duration dockerGrace, Clock clock) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one Docker engine is needed");
        }
        this.bus = bus;
        this.clock = clock;
        this.dockerGrace = dockerGrace;
        // one engine waits for its Docker itself; with several, a claim goes to another at once
        Duration memberGrace = endpoints.size() == 1 ? dockerGrace : Duration.ZERO;
        for (Endpoint e : endpoints) {
            members.add(new EngineMember(e.name(), e.uri(), e.runtime(), events -> new PoolManager(e.runtime(), compiler, events,
                    warmConcurrency, reconcileEvery, memberGrace, clock)));
        }
        this.relay = new EngineRelay(this, bus, members.size());
        this.health = Executors.newScheduledThreadPool(members.size(), DaemonThreads.named("warmpool-engine-health"));
    }

    /** Reaps each engine's orphans and starts watching them; never throws for an engine that does not answer. */
    public void start() {
        for (EngineMember m : members) {
            relays.add(m.events.subscribe("relay-" + m.name, event -> relay.relay(m, event)));
            m.pools.start();
            if (m.up()) {
                m.refreshInfo();
            }
            if (members.size() > 1) {
                health.scheduleWithFixedDelay(() -> relay.checkHealth(m), HEALTH_EVERY.toMillis(), HEALTH_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        relay.started(dockerAvailable());
    }

    // ---------------------------------------------------------------- pools

    /** Adds a pool (or changes its settings) on every engine that holds its image, each with its share. */
    public CompletableFuture<PoolSnapshot> addPool(String image, PoolSettings settings) {
        asked.put(image, settings);
        List<EngineMember> holders = holders(image);
        Map<String, PoolSettings> parts = parts(image, holders);
        List<CompletableFuture<PoolSnapshot>> added = new ArrayList<>();
        for (EngineMember m : holders) {
            added.add(m.pools.addPool(image, parts.getOrDefault(m.name, settings.range(null).target(0))));
        }
        return CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).thenApply(ignored -> snapshot(image));
    }

    /** The engines that should hold a pool for {@code image}: those that have it, else the first (which then says what is missing). */
    private List<EngineMember> holders(String image) {
        if (members.size() == 1) {
            members.get(0).hasImage(image); // for its status: which images it holds
            return List.copyOf(members);
        }
        List<EngineMember> having = members.stream().filter(m -> m.pools.hasPool(image) || m.hasImage(image).orElse(false)).toList();
        return having.isEmpty() ? List.of(members.get(0)) : having;
    }

    /**
     * Each holder's part of the pool: the ones that answer and can serve share its target (and a
     * reactive pool's range), by weight; the rest keep none.
     */
    private Map<String, PoolSettings> parts(String image, List<EngineMember> holders) {
        PoolSettings settings = asked.getOrDefault(image, PoolSettings.withTarget(0));
        if (members.size() == 1) {
            return Map.of(members.get(0).name, settings);
        }
        Map<String, Placement.Capacity> able = new LinkedHashMap<>();
        for (EngineMember m : holders) {
            boolean faulty = m.pool(image).map(p -> p.state() == PoolState.FAULTY).orElse(false);
            if (m.up() && !faulty) {
                able.put(m.name, m.capacity());
            }
        }
        if (able.isEmpty()) {
            holders.forEach(m -> able.put(m.name, m.capacity())); // nobody can serve: keep the split for their return
        }
        return Placement.parts(settings, able);
    }

    /** Splits every pool again (an engine went away or came back, or an image arrived). */
    synchronized void rebalance() {
        for (String image : List.copyOf(asked.keySet())) {
            PoolSettings settings = asked.get(image);
            if (settings == null) {
                continue;
            }
            for (EngineMember m : members) {
                if (!m.pools.hasPool(image) && m.up() && m.hasImage(image).orElse(false)) {
                    m.pools.addPool(image, settings.range(null).target(0)); // it has the image now: it takes a share
                }
            }
            List<EngineMember> holders = members.stream().filter(m -> m.pools.hasPool(image)).toList();
            Map<String, PoolSettings> parts = parts(image, holders);
            // one that does not answer keeps its containers as they were: the reconcile on its return retires the dead
            for (EngineMember m : holders.stream().filter(EngineMember::up).toList()) {
                try {
                    PoolSettings part = parts.getOrDefault(m.name, settings.range(null).target(0));
                    if (part.reactive() && members.size() > 1) {
                        m.pools.addPool(image, part); // its share of the range
                    } else {
                        m.pools.setTarget(image, part.target());
                    }
                } catch (RunRejectedException e) {
                    // removed meanwhile
                }
            }
        }
    }

    /** Changes a pool's target, live; every engine's share follows. */
    public PoolSnapshot setTarget(String image, int target) {
        PoolSettings settings = asked.get(image);
        if (settings == null) {
            return members.get(0).pools.setTarget(image, target); // says it has no such pool
        }
        asked.put(image, settings.target(target));
        rebalance();
        return snapshot(image);
    }

    /** Stops serving an image on every engine: idle containers go at once, running ones finish. */
    public CompletableFuture<Void> removePool(String image) {
        List<EngineMember> holders = members.stream().filter(m -> m.pools.hasPool(image)).toList();
        if (holders.isEmpty()) {
            return members.get(0).pools.removePool(image); // says it has no such pool
        }
        asked.remove(image);
        return CompletableFuture.allOf(holders.stream().map(m -> m.pools.removePool(image)).toArray(CompletableFuture[]::new))
                .thenRun(() -> bus.publish(new EngineEvent.PoolRemoved(clock.instant(), image)));
    }

    public boolean hasPool(String image) {
        return members.stream().anyMatch(m -> m.pools.hasPool(image));
    }

    public List<PoolSnapshot> snapshots() {
        return members.stream().flatMap(m -> m.pools.snapshots().stream()).map(PoolSnapshot::image).distinct().sorted()
                .map(this::snapshot).filter(p -> p != null).toList();
    }

    /** One pool over all its engines (the counts summed, each engine's part in {@link PoolSnapshot#engines()}); null when none holds it. */
    public PoolSnapshot snapshot(String image) {
        List<EngineMember> holders = new ArrayList<>();
        List<PoolSnapshot> parts = new ArrayList<>();
        for (EngineMember m : members) {
            m.pool(image).ifPresent(p -> {
                holders.add(m);
                parts.add(p);
            });
        }
        if (parts.isEmpty()) {
            return null;
        }
        List<org.warmpool.engine.api.PoolShare> shares = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            shares.add(holders.get(i).share(parts.get(i)));
        }
        if (parts.size() == 1) {
            return parts.get(0).withEngines(shares);
        }
        PoolSettings settings = asked.get(image);
        return PoolSums.of(image, settings == null ? parts.stream().mapToInt(PoolSnapshot::target).sum() : settings.target(),
                parts, holders.stream().map(EngineMember::up).toList(), shares);
    }

    /** The most recent containers' lives on every engine, each saying which engine it is on, oldest first. */
    public List<ContainerLife> recentLives() {
        List<ContainerLife> all = new ArrayList<>();
        for (EngineMember m : members) {
            m.pools.recentLives().forEach(life -> all.add(life.onEngine(m.name)));
        }
        if (members.size() > 1) {
            all.sort(Comparator.comparing(ContainerLife::created, Comparator.nullsLast(Comparator.naturalOrder())));
        }
        return all;
    }

    /** Each engine, now. */
    public List<EngineStatus> engines() {
        List<String> images = asked.keySet().stream().sorted().toList();
        return members.stream().map(m -> m.status(images)).toList();
    }

    /** The first engine named (the local one when none is): probes, image checks and loads go there. */
    public ContainerRuntime primary() {
        return members.get(0).docker;
    }

    /** The {@code org.warmpool.owner} label on the first engine's containers. */
    public String owner() {
        return members.get(0).pools.owner();
    }

    public Map<String, String> labels(String image, String role) {
        return members.get(0).pools.labels(image, role);
    }

    /** Whether any engine answers. */
    public boolean dockerAvailable() {
        return members.stream().anyMatch(EngineMember::up);
    }

    /** Why no engine answers; empty while one does. */
    public String dockerMessage() {
        if (dockerAvailable()) {
            return "";
        }
        if (members.size() == 1) {
            return members.get(0).pools.dockerMessage();
        }
        return members.stream().map(m -> m.name + ": " + m.pools.dockerMessage()).collect(Collectors.joining("; "));
    }

    public long warmStarts() {
        return members.stream().mapToLong(m -> m.pools.warmStarts()).sum();
    }

    public long coldStarts() {
        return members.stream().mapToLong(m -> m.pools.coldStarts()).sum();
    }

    // ---------------------------------------------------------------- claim and release

    /**
     * Takes a ready container for {@code image} from the least loaded engine that has one, else
     * starts one cold on the least loaded engine that can serve. An engine that fails the claim is
     * marked down and the next is tried; when none answers, the claim waits up to the grace.
     *
     * @throws RunRejectedException as {@link PoolManager#claim}
     */
    public Claim claim(String image, Duration waitForPreparation) {
        if (members.size() == 1) {
            EngineMember only = members.get(0);
            Claim claim = only.pools.claim(image, waitForPreparation).on(only.name, only.docker);
            only.claimed();
            return claim;
        }
        long deadline = System.nanoTime() + dockerGrace.toNanos();
        RunRejectedException last = null;
        while (true) {
            if (closing) {
                throw new RunRejectedException(Reason.SHUTTING_DOWN, "Warmpool is shutting down; send it again when it is back.");
            }
            for (EngineMember m : candidates(image)) {
                try {
                    Claim claim = m.pools.claim(image, waitForPreparation).on(m.name, m.docker);
                    m.claimed();
                    return claim;
                } catch (DockerUnavailableException e) {
                    m.wentDown(e.getMessage());
                } catch (RunRejectedException e) {
                    if (e.reason() != Reason.DOCKER_UNAVAILABLE && e.reason() != Reason.POOL_FAULTY) {
                        throw e;
                    }
                    last = e;
                    if (e.reason() == Reason.DOCKER_UNAVAILABLE) {
                        m.wentDown(e.getMessage());
                    }
                }
            }
            List<EngineMember> holders = members.stream().filter(m -> m.pools.hasPool(image)).toList();
            if (holders.isEmpty()) {
                return members.get(0).pools.claim(image, waitForPreparation); // says it has no such pool
            }
            if (last != null && last.reason() == Reason.POOL_FAULTY && holders.stream().anyMatch(EngineMember::up)) {
                throw last;
            }
            if (System.nanoTime() >= deadline) {
                throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, "no Docker engine that holds " + image
                        + " answers (" + holders.stream().map(m -> m.name).collect(Collectors.joining(", "))
                        + "); Warmpool keeps trying and serves again as soon as one answers");
            }
            sleep(WAIT_STEP_MILLIS);
        }
    }

    /** Engines that answer and hold the pool in a servable state: ready ones first, then by load, lightest first. */
    private List<EngineMember> candidates(String image) {
        Map<String, Double> weights = Placement.weights(members.stream().collect(Collectors.toMap(m -> m.name,
                EngineMember::capacity, (a, b) -> a, LinkedHashMap::new)));
        record Candidate(EngineMember member, int rank, double load) {
        }
        List<Candidate> able = new ArrayList<>();
        for (EngineMember m : members) {
            if (!m.up()) {
                continue;
            }
            Optional<PoolSnapshot> pool = m.pool(image);
            if (pool.isEmpty() || pool.get().state() == PoolState.FAULTY || pool.get().state() == PoolState.DRAINING) {
                continue;
            }
            PoolSnapshot p = pool.get();
            int rank = p.ready() > 0 ? 0 : p.state() == PoolState.READY ? 1 : 2;
            able.add(new Candidate(m, rank, Placement.load(m.inFlight(), weights.get(m.name))));
        }
        able.sort(Comparator.comparingInt(Candidate::rank).thenComparingDouble(Candidate::load));
        return able.stream().map(Candidate::member).toList();
    }

    private EngineMember memberOf(Claim claim) {
        for (EngineMember m : members) {
            if (m.name.equals(claim.engine())) {
                return m;
            }
        }
        return members.get(0);
    }

    public void running(Claim claim) {
        memberOf(claim).pools.running(claim);
    }

    public void kill(Claim claim) {
        memberOf(claim).pools.kill(claim);
    }

    public void release(Claim claim, String reason, Outcome outcome, long totalMillis) {
        release(claim, reason, outcome, totalMillis, false);
    }

    public void release(Claim claim, String reason, Outcome outcome, long totalMillis, boolean reusable) {
        EngineMember m = memberOf(claim);
        m.released(outcome != null);
        m.pools.release(claim, reason, outcome, totalMillis, reusable);
    }

    /** The claim's engine stopped answering (its run found out). */
    public void markDown(Claim claim, String message) {
        memberOf(claim).wentDown(message);
    }

    /**
     * Whether a run cut short by its engine's going away can be sent again elsewhere: another engine
     * answers and holds the pool.
     */
    public boolean servedElsewhere(Claim claim) {
        EngineMember m = memberOf(claim);
        return members.stream().anyMatch(o -> o != m && o.up() && o.pools.hasPool(claim.image()));
    }

    /** Whether the claim's engine still answers (asks it now). */
    public boolean answers(Claim claim) {
        EngineMember m = memberOf(claim);
        try {
            m.docker.ping();
            return true;
        } catch (DockerUnavailableException e) {
            m.wentDown(e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- watching the engines

    /** Compares every answering engine's pools with its {@code docker ps}. */
    public void reconcile() {
        for (EngineMember m : members) {
            if (m.up()) {
                try {
                    m.pools.reconcile();
                } catch (DockerUnavailableException e) {
                    m.wentDown(e.getMessage());
                }
            }
        }
    }

    public int reapOrphans() {
        return members.stream().filter(EngineMember::up).mapToInt(m -> m.pools.reapOrphans()).sum();
    }

    // ---------------------------------------------------------------- images

    /** Whether each engine holds {@code image} (asks those that answer). */
    public Map<String, Optional<Boolean>> imageOnEngines(String image) {
        Map<String, Optional<Boolean>> found = new LinkedHashMap<>();
        members.forEach(m -> found.put(m.name, m.hasImage(image)));
        return found;
    }

    /**
     * Copies an image to the engine named {@code engine} from one that has it ({@code docker save}
     * there, {@code docker load} here), telling {@code progress} the bytes sent so far. Cancel the
     * future to stop it. Once loaded, that engine takes its share of the image's pool.
     *
     * @throws IllegalArgumentException for an unknown engine, an engine that already holds the image,
     *                                  or an image no other engine holds
     */
    public CompletableFuture<Void> copyImage(String image, String engine, LongConsumer progress) {
        return ImageCopy.to(members, image, engine, progress, this::rebalance);
    }

    boolean closing() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        health.shutdownNow();
        for (AutoCloseable relay : relays) {
            try {
                relay.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        members.parallelStream().forEach(m -> {
            m.pools.close();
            m.events.close();
        });
    }

    /** Closes every engine's connection (after {@link #close()} and any last word with the first engine). */
    public void disconnect() {
        members.forEach(m -> m.docker.close());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "interrupted while waiting for a Docker engine");
        }
    }
}
