package org.warmpool.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.Engine;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the console runs on: the settings, the embedded engine, its gateway, and the pump that
 * carries engine events to the FX thread. Views reach the engine only through view models that
 * hold this.
 */
public final class ConsoleContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleContext.class);

    private final Settings settings;
    private final Path settingsFile;
    private final Engine engine;
    private final Gateway gateway;
    private final String gatewayProblem;
    private final EventPump pump;

    private ConsoleContext(Settings settings, Path settingsFile, Engine engine, Gateway gateway, String gatewayProblem) {
        this.settings = settings;
        this.settingsFile = settingsFile;
        this.engine = engine;
        this.gateway = gateway;
        this.gatewayProblem = gatewayProblem;
        this.pump = new EventPump(engine);
    }

    /**
     * Starts the engine with the saved settings and opens the gateway. A gateway that cannot open
     * (port in use) does not stop the console: the problem is shown instead.
     */
    public static ConsoleContext start(Path settingsFile, Engine engine, Settings settings) {
        engine.setLimits(settings.limits.toThrottleLimits());
        Gateway gateway = null;
        String problem = "";
        try {
            GatewayConfig config = new GatewayConfig(InetAddress.getByName(settings.bind), settings.httpPort, settings.wsPort,
                    settings.token, settings.allowedOrigins, ArchiveLimits.defaults());
            gateway = Gateway.open(engine, config);
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage();
            log.warn("the gateway did not open: {}", problem);
        }
        return new ConsoleContext(settings, settingsFile, engine, gateway, problem);
    }

    public static ConsoleContext start(Path settingsFile) throws IOException {
        Settings settings = Settings.load(settingsFile);
        return start(settingsFile, Engine.start(settings.engineConfig()), settings);
    }

    public Engine engine() {
        return engine;
    }

    public Settings settings() {
        return settings;
    }

    public EventPump pump() {
        return pump;
    }

    /** The WebSocket URL clients use, or empty when the gateway is not open. */
    public String webSocketAddress() {
        return gateway == null ? "" : "ws://" + settings.bind + ":" + gateway.wsPort() + "/";
    }

    /** The HTTP API's base URL, or empty when the gateway is not open. */
    public String httpAddress() {
        return gateway == null ? "" : "http://" + settings.bind + ":" + gateway.httpPort();
    }

    /** Why the gateway is not open (e.g. its port is in use); empty when it is. */
    public String gatewayProblem() {
        return gatewayProblem;
    }

    /** Writes the settings back, so the console and {@code warmpool serve --config} share them. */
    public void saveSettings() {
        if (settingsFile == null) {
            return;
        }
        try {
            settings.save(settingsFile);
        } catch (IOException e) {
            log.warn("could not save settings to {}: {}", settingsFile, e.getMessage());
        }
    }

    @Override
    public void close() {
        pump.close();
        if (gateway != null) {
            gateway.close(Duration.ofSeconds(10));
        } else {
            engine.close(Duration.ofSeconds(10));
        }
    }
}
