package org.warmpool.engine.pool;

import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.agent.AgentStartException;
import org.warmpool.engine.agent.AgentSession;
import org.warmpool.engine.agent.AgentMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerSpec;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.events.EventBus;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every container the engine starts, from creation to removal: starting one for a pool, moving it
 * through its life (each step published as an event and kept among the recent lives the console
 * draws), and removing it off the caller's thread.
 */
final class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    private static final int RECENT_LIVES = 500;
    /** How long a new container's agent may take to say hello (it is a small static program: well under a second here). */
    private static final java.time.Duration HELLO_WAIT = java.time.Duration.ofSeconds(30);

    private final ContainerRuntime docker;
    private final EventBus bus;
    private final Clock clock;
    private final String owner;
    private final Consumer<String> dockerWentAway;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, ContainerLife> recent = new LinkedHashMap<>();
    private final ExecutorService removers = Executors.newCachedThreadPool(DaemonThreads.named("warmpool-remove"));

    /**
     * @param owner          the {@link Labels#OWNER} label of every container this engine starts
     * @param dockerWentAway told when a call finds Docker not answering
     */
    Containers(ContainerRuntime docker, EventBus bus, Clock clock, String owner, Consumer<String> dockerWentAway) {
        this.docker = docker;
        this.bus = bus;
        this.clock = clock;
        this.owner = owner;
        this.dockerWentAway = dockerWentAway;
    }

    /** Labels every container of this engine carries, so reaping can tell whose it is. */
    Map<String, String> labels(String image, String role) {
        return Map.of(Labels.PROJECT, "1", Labels.IMAGE, image, Labels.POOL, image, Labels.OWNER, owner, Labels.ROLE, role);
    }

    /**
     * Creates and starts a hardened container for {@code pool} (warm: ahead of demand; cold: for a
     * waiting submission) and tracks it.
     *
     * @throws RunRejectedException {@code DOCKER_UNAVAILABLE}, or {@code POOL_FAULTY} when it would not start
     */
    Tracked start(Pool pool, boolean warm) {
        PoolSettings settings = pool.settings();
        ContainerSpec spec = new ContainerSpec(pool.image(), labels(pool.image(), warm ? "pool" : "cold"),
                Map.of("HOME", Sandbox.HOME, "CYBER_DOJO_IMAGE_NAME", pool.image(), "CYBER_DOJO_SANDBOX", Sandbox.DIR),
                settings.readOnlyRoot(), settings.memoryMegabytes() * 1024L * 1024L, settings.pidsLimit(),
                settings.sandboxMegabytes());
        Instant createdAt = clock.instant();
        String id;
        AgentSession session = null;
        try {
            if (settings.runPath() == RunPathKind.AGENT) {
                session = AgentSession.start(docker, spec, settings.recycle() ? AgentMode.RECYCLE : AgentMode.ONESHOT, HELLO_WAIT);
                id = session.containerId();
            } else {
                id = docker.createAndStart(spec);
            }
        } catch (DockerUnavailableException e) {
            dockerWentAway.accept(e.getMessage());
            throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, e.getMessage(), e);
        } catch (AgentStartException e) {
            throw new RunRejectedException(Reason.POOL_FAULTY, pool.image() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RunRejectedException(Reason.POOL_FAULTY,
                    "a container of " + pool.image() + " would not start: " + e.getMessage(), e);
        }
        Tracked container = new Tracked(pool, ContainerLife.starting(id, pool.image(), warm, createdAt), session);
        tracked.put(id, container);
        remember(container.life());
        return container;
    }

    /**
     * A cold start; one whose container would not start is tried once more before the pool is
     * blamed: a container killed from outside while it started says nothing about the image.
     */
    Tracked startCold(Pool pool) {
        try {
            return start(pool, false);
        } catch (RunRejectedException e) {
            if (e.reason() != Reason.POOL_FAULTY) {
                throw e;
            }
            log.info("a cold start for {} failed ({}); trying once more", pool.image(), e.getMessage());
            return start(pool, false);
        }
    }

    void move(Tracked container, ContainerPhase phase) {
        remember(container.moveTo(phase, clock.instant()));
    }

    /** Docker said it died (or was removed, or ran out of memory). */
    void died(Tracked container, String reason) {
        remember(container.died(clock.instant(), reason));
    }

    Tracked get(String id) {
        return tracked.get(id);
    }

    boolean tracks(String id) {
        return tracked.containsKey(id);
    }

    Collection<Tracked> all() {
        return List.copyOf(tracked.values());
    }

    /** Kills a container in the background (the daemon's stop without grace: SIGKILL); removing it is {@link #retire}'s. */
    void kill(Tracked container) {
        try {
            removers.execute(() -> {
                try {
                    docker.stop(container.id(), 0);
                } catch (DockerUnavailableException e) {
                    dockerWentAway.accept(e.getMessage());
                } catch (RuntimeException e) {
                    log.debug("killing container {} ended: {}", container.id(), e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the engine is closing: it removes every container it started
        }
    }

    /**
     * Removes a container in the background, once (later calls do nothing); {@code removed} runs
     * after Docker has removed it, or given up.
     */
    void retire(Tracked container, String reason, Outcome outcome, Runnable removed) {
        if (!container.retire(reason, outcome)) {
            return;
        }
        container.pool().retiring();
        move(container, ContainerPhase.RETIRING);
        removers.execute(() -> {
            try {
                if (container.session() != null) {
                    container.session().close();
                }
                docker.remove(container.id());
            } catch (DockerUnavailableException e) {
                dockerWentAway.accept(e.getMessage()); // the reconcile after recovery removes it
            } catch (RuntimeException e) {
                log.warn("removing container {} failed", container.id(), e);
            } finally {
                container.pool().retired();
                move(container, ContainerPhase.GONE);
                tracked.remove(container.id());
                removed.run();
            }
        });
    }

    /** The most recent lives, oldest first. */
    List<ContainerLife> recentLives() {
        synchronized (recent) {
            return List.copyOf(recent.values());
        }
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

    /** Waits for removals under way (up to 30 s). */
    void close() {
        removers.shutdown();
        try {
            removers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
