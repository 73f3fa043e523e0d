package org.warmpool.engine.pool;

import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DaemonInfo;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.events.EventBus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Docker engine of an {@link EngineSet}: its runtime, its own {@link PoolManager} (with its own
 * watcher, refill, reconcile and orphan reaper), what {@code docker info} said of it, and what it is
 * doing: runs in flight, runs ended lately, which of the pools' images it holds.
 */
final class EngineMember {
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    final String name;
    final String uri;
    final ContainerRuntime docker;
    /** Its pools publish here; the set relays to the engine's bus, pools summed over engines. */
    final EventBus events = new EventBus();
    final PoolManager pools;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong runs = new AtomicLong();
    private final ConcurrentLinkedDeque<Long> recentRuns = new ConcurrentLinkedDeque<>();
    /** By image: whether it holds it, as last asked (absent: not asked yet). */
    private final Map<String, Boolean> images = new ConcurrentHashMap<>();
    private volatile DaemonInfo info;
    private volatile String lastError = "";

    EngineMember(String name, String uri, ContainerRuntime docker, java.util.function.Function<EventBus, PoolManager> pools) {
        this.name = name;
        this.uri = uri;
        this.docker = docker;
        this.pools = pools.apply(events);
    }

    boolean up() {
        return pools.dockerAvailable();
    }

    /** Asks {@code docker info} again (after it came back: a host may have been resized); false when it does not answer. */
    boolean refreshInfo() {
        try {
            info = docker.info();
            return true;
        } catch (DockerUnavailableException e) {
            wentDown(e.getMessage());
            return false;
        } catch (RuntimeException e) {
            lastError = "docker info failed: " + e.getMessage();
            return false;
        }
    }

    Placement.Capacity capacity() {
        DaemonInfo known = info;
        return known == null ? new Placement.Capacity(1, 0) : new Placement.Capacity(known.cores(), known.memoryBytes());
    }

    /** Whether it holds {@code image}, asking Docker when it answers; empty when it cannot be asked. */
    Optional<Boolean> hasImage(String image) {
        if (up()) {
            try {
                boolean has = docker.imageExists(image);
                images.put(image, has);
                return Optional.of(has);
            } catch (DockerUnavailableException e) {
                wentDown(e.getMessage());
            } catch (RuntimeException e) {
                lastError = "cannot ask for image " + image + ": " + e.getMessage();
            }
        }
        return Optional.ofNullable(images.get(image));
    }

    void imageArrived(String image) {
        images.put(image, true);
    }

    void wentDown(String why) {
        lastError = why;
        pools.markDown(why);
    }

    void noted(String error) {
        lastError = error;
    }

    void claimed() {
        inFlight.incrementAndGet();
    }

    void released(boolean ran) {
        inFlight.decrementAndGet();
        if (ran) {
            runs.incrementAndGet();
            long now = System.nanoTime();
            recentRuns.addLast(now);
            prune(now);
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Its pool for {@code image}, when it holds one. */
    Optional<PoolSnapshot> pool(String image) {
        return pools.snapshots().stream().filter(p -> p.image().equals(image)).findFirst();
    }

    /** Its part of a pool; an engine that does not answer has none (what it held is unknown until it is back). */
    PoolShare share(PoolSnapshot pool) {
        if (!up()) {
            return new PoolShare(name, 0, 0, 0, 0, pool.state(), "the engine does not answer: " + pools.dockerMessage());
        }
        return new PoolShare(name, pool.target(), pool.ready(), pool.starting(), pool.running(), pool.state(), pool.problem(),
                pool.retiring(), pool.recycling());
    }

    EngineStatus status(List<String> poolImages) {
        Map<ContainerPhase, Integer> containers = new EnumMap<>(ContainerPhase.class);
        for (PoolSnapshot pool : pools.snapshots()) {
            containers.merge(ContainerPhase.READY, pool.ready(), Integer::sum);
            containers.merge(ContainerPhase.STARTING, pool.starting(), Integer::sum);
            containers.merge(ContainerPhase.RUNNING, pool.running(), Integer::sum);
            containers.merge(ContainerPhase.RETIRING, pool.retiring(), Integer::sum);
            containers.merge(ContainerPhase.RECYCLING, pool.recycling(), Integer::sum);
        }
        containers.put(ContainerPhase.CLAIMED, Math.max(0, inFlight.get() - containers.getOrDefault(ContainerPhase.RUNNING, 0)));
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String image : poolImages) {
            Boolean has = images.get(image);
            if (has != null) {
                (has ? present : missing).add(image);
            }
        }
        long now = System.nanoTime();
        prune(now);
        DaemonInfo known = info;
        boolean up = up();
        String error = up ? lastError : pools.dockerMessage().isEmpty() ? lastError : pools.dockerMessage();
        return new EngineStatus(name, uri, up, error == null ? "" : error, known == null ? "" : known.version(),
                known == null ? 0 : known.cores(), known == null ? 0 : known.memoryBytes(), containers,
                recentRuns.size() / (RATE_WINDOW_NANOS / 1e9), runs.get(), present, missing);
    }

    private void prune(long now) {
        Long oldest;
        while ((oldest = recentRuns.peekFirst()) != null && now - oldest > RATE_WINDOW_NANOS) {
            recentRuns.pollFirst();
        }
    }
}
