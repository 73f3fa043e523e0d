package org.warmpool.engine.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.events.EventBus;

import java.util.List;

/**
 * Tells the engine's listeners what each engine's pools said, as the whole set's: a pool's change
 * as the pool over all engines, a container's with its engine's name, an engine going away or
 * coming back as {@link EngineEvent.EngineDown}/{@link EngineEvent.EngineUp} (and Docker as down
 * only when no engine answers). Also asks each engine every few seconds whether it still answers.
 */
final class EngineRelay {
    private static final Logger log = LoggerFactory.getLogger(EngineRelay.class);

    private final EngineSet set;
    private final EventBus bus;
    private final int engines;
    private volatile boolean anyUp = true;

    EngineRelay(EngineSet set, EventBus bus, int engines) {
        this.set = set;
        this.bus = bus;
        this.engines = engines;
    }

    void started(boolean anyAnswers) {
        anyUp = anyAnswers;
    }

    /** An engine that answered at the last check is asked again; one that does not is marked down at once. */
    void checkHealth(EngineMember m) {
        if (set.closing() || !m.up()) {
            return;
        }
        try {
            m.docker.ping();
        } catch (DockerUnavailableException e) {
            m.wentDown(e.getMessage());
        } catch (RuntimeException e) {
            log.debug("health check of {} failed: {}", m.name, e.getMessage());
        }
    }

    /** On the engine's own relay thread. */
    void relay(EngineMember m, EngineEvent event) {
        if (set.closing()) {
            return;
        }
        if (event instanceof EngineEvent.PoolChanged changed) {
            PoolSnapshot whole = set.snapshot(changed.pool().image());
            if (whole != null) {
                bus.publish(new EngineEvent.PoolChanged(changed.at(), whole));
            }
        } else if (event instanceof EngineEvent.ContainerChanged changed) {
            bus.publish(new EngineEvent.ContainerChanged(changed.at(), changed.container().onEngine(m.name)));
        } else if (event instanceof EngineEvent.DockerStatusChanged status) {
            engineChanged(m, status);
        } else if (!(event instanceof EngineEvent.PoolRemoved)) {
            bus.publish(event); // the set says when a pool is gone from every engine
        }
    }

    private void engineChanged(EngineMember m, EngineEvent.DockerStatusChanged status) {
        if (status.available()) {
            m.refreshInfo();
            log.info("engine {} answers again", m.name);
            bus.publish(new EngineEvent.EngineUp(status.at(), m.name, m.status(List.of()).version()));
        } else {
            m.noted(status.message());
            log.warn("engine {} stopped answering: {}", m.name, status.message());
            bus.publish(new EngineEvent.EngineDown(status.at(), m.name, status.message()));
        }
        boolean nowUp = set.dockerAvailable();
        if (engines == 1 || nowUp != anyUp) {
            anyUp = nowUp;
            bus.publish(new EngineEvent.DockerStatusChanged(status.at(), nowUp, nowUp ? "" : set.dockerMessage()));
        }
        if (engines > 1) {
            set.rebalance(); // its share moves to the others, or back to it
        }
    }
}
