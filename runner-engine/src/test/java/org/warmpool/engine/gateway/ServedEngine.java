package org.warmpool.engine.gateway;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.ThrottleLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A real engine served on free loopback ports: {@code warmpool/busybox} (2 ready) and
 * {@code warmpool/python-pytest} (1 ready). Starting one costs seconds (JRuby, pool warm-up), so
 * the gateway test classes that use it share one per test run; it is closed, with its
 * containers, when the run ends. Each class starts from the default throttle limits; a test that
 * changes them puts them back.
 */
final class ServedEngine implements BeforeAllCallback {
    static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /** The limits a fresh engine has. */
    static final ThrottleLimits DEFAULT_LIMITS = ThrottleLimits.defaults()
            .withMaxConcurrentRuns(EngineConfig.defaults().maxConcurrentRuns());

    private static volatile Served served;

    /** An engine with its gateway, closed together as their owner closes them. */
    record Served(Engine engine, Gateway gateway) implements AutoCloseable {
        int wsPort() {
            return gateway.wsPort();
        }

        int httpPort() {
            return gateway.httpPort();
        }

        @Override
        public void close() {
            close(Duration.ofSeconds(10));
        }

        /** Stops taking work, drains the engine for up to {@code grace}, then closes the doors. */
        void close(Duration grace) {
            gateway.stopTakingWork();
            engine.close(grace);
            gateway.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        served = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ServedEngine.class.getName(), key -> start(EngineConfig.defaults()
                        .withPool(DemoImages.BUSYBOX, PoolSettings.withTarget(2))
                        .withPool(DemoImages.PYTHON_PYTEST, PoolSettings.withTarget(1)), GatewayConfig.loopback(0, 0)), Served.class);
        served.engine().setLimits(DEFAULT_LIMITS);
        awaitNoConnections(served.engine());
    }

    static Engine engine() {
        return served.engine();
    }

    static int wsPort() {
        return served.wsPort();
    }

    static int httpPort() {
        return served.httpPort();
    }

    /** Starts an engine and opens its gateway, then waits until every pool has been full. */
    static Served start(EngineConfig engineConfig, GatewayConfig gatewayConfig) {
        return start(engineConfig, gatewayConfig, null, null);
    }

    /** As {@link #start(EngineConfig, GatewayConfig)}, recording in {@code journal} and forwarding to {@code saver}. */
    static Served start(EngineConfig engineConfig, GatewayConfig gatewayConfig, org.warmpool.engine.journal.Journal journal,
                        org.warmpool.engine.journal.Saver saver) {
        return start(Engine.start(engineConfig), gatewayConfig, journal, saver, null);
    }

    /** As {@link #start(EngineConfig, GatewayConfig)}, on {@code docker} (a runtime a test can switch off). */
    static Served start(EngineConfig engineConfig, GatewayConfig gatewayConfig, org.warmpool.engine.docker.ContainerRuntime docker) {
        return start(Engine.start(engineConfig, docker), gatewayConfig, null, null, null);
    }

    /** As above, serving {@code room} at /api/room and /room. */
    static Served start(EngineConfig engineConfig, GatewayConfig gatewayConfig, org.warmpool.engine.journal.Journal journal,
                        org.warmpool.engine.journal.Saver saver, org.warmpool.engine.api.Room room) {
        return start(Engine.start(engineConfig), gatewayConfig, journal, saver, room);
    }

    private static Served start(Engine engine, GatewayConfig gatewayConfig, org.warmpool.engine.journal.Journal journal,
                                org.warmpool.engine.journal.Saver saver, org.warmpool.engine.api.Room room) {
        EngineConfig engineConfig = engine.config();
        Gateway gateway;
        try {
            gateway = Gateway.open(engine, gatewayConfig, journal, saver, room);
        } catch (IOException e) {
            engine.close(Duration.ZERO);
            throw new UncheckedIOException(e);
        }
        try {
            await("pools " + engineConfig.pools().keySet() + " full").atMost(READY_WITHIN).until(engine::ready);
        } catch (RuntimeException e) {
            new Served(engine, gateway).close(Duration.ZERO);
            throw e;
        }
        return new Served(engine, gateway);
    }

    /** Closed connections are counted down when the server notices; wait for that before counting on it. */
    static void awaitNoConnections(Engine engine) {
        await("earlier connections closed").atMost(Duration.ofSeconds(60))
                .until(() -> engine.throttle().connections(), n -> n == 0);
    }
}
