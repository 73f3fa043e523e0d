package org.warmpool.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.Saver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private final String journalProblem;
    private final Journal journal;
    private final Saver saver;
    private final EventPump pump;
    private final FirstStart firstStart;
    private boolean firstStartSaved;

    private ConsoleContext(Settings settings, Path settingsFile, Engine engine, Gateway gateway, String gatewayProblem,
                           String journalProblem, Journal journal, Saver saver, FirstStart firstStart) {
        this.journalProblem = journalProblem;
        this.settings = settings;
        this.settingsFile = settingsFile;
        this.engine = engine;
        this.gateway = gateway;
        this.gatewayProblem = gatewayProblem;
        this.journal = journal;
        this.saver = saver;
        this.pump = new EventPump(engine);
        this.firstStart = firstStart;
        pump.listen((snapshot, events) -> saveFirstStart());
    }

    /**
     * Starts the engine with the saved settings and opens the gateway. A gateway that cannot open
     * (port in use) does not stop the console: the problem is shown instead. When the settings
     * name no pools (no settings file, or none in it), a {@link FirstStart} chooses pools for the
     * Warmpool-ready images Docker has; they are saved in {@code settingsFile} once chosen.
     */
    public static ConsoleContext start(Path settingsFile, Engine engine, Settings settings) {
        engine.setLimits(settings.limits.toThrottleLimits());
        List<String> problems = new ArrayList<>();
        Journal journal = null;
        try {
            journal = Journal.open(settings.journal.toJournalConfig());
        } catch (IOException | IllegalArgumentException e) {
            problems.add("Submissions are not being recorded: " + e.getMessage());
            log.warn("the journal did not open: {}", e.getMessage());
        }
        Saver saver = null;
        if (settings.saverUrl != null && !settings.saverUrl.isBlank()) {
            try {
                saver = new Saver(URI.create(settings.saverUrl));
            } catch (IllegalArgumentException e) {
                problems.add("Results are not forwarded: " + e.getMessage());
            }
        }
        Gateway gateway = null;
        String gatewayProblem = "";
        try {
            GatewayConfig config = new GatewayConfig(InetAddress.getByName(settings.bind), settings.httpPort, settings.wsPort,
                    settings.token, settings.allowedOrigins, ArchiveLimits.defaults());
            gateway = Gateway.open(engine, config, journal, saver);
        } catch (IOException | IllegalArgumentException e) {
            gatewayProblem = e.getMessage();
            log.warn("the gateway did not open: {}", e.getMessage());
        }
        FirstStart firstStart = FirstStart.reason(settings).map(reason -> {
            if (!engine.snapshot().dockerAvailable()) {
                log.info("first start: {}; choosing pools once Docker answers", reason);
            }
            return FirstStart.begin(engine, reason, FirstStart.targetForThisMachine());
        }).orElse(null);
        return new ConsoleContext(settings, settingsFile, engine, gateway, gatewayProblem, String.join(" ", problems), journal, saver,
                firstStart);
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

    /** The journal recording the gateway's submissions, or {@code null} when recording is off or failed. */
    public Journal journal() {
        return journal;
    }

    /** The WebSocket as this machine reaches it, or {@code null} when the gateway is not open. */
    public URI localWebSocket() {
        if (gateway == null) {
            return null;
        }
        String host = settings.bind;
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
                host = "127.0.0.1";
            }
        } catch (IOException e) {
            host = "127.0.0.1";
        }
        return URI.create("ws://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + gateway.wsPort() + "/");
    }

    /** Why submissions are not recorded or results not forwarded; empty when they are (or are switched off). */
    public String journalProblem() {
        return journalProblem;
    }

    /** Why the gateway is not open (e.g. its port is in use); empty when it is. */
    public String gatewayProblem() {
        return gatewayProblem;
    }

    /** The first start choosing this session's pools, or {@code null} when the settings named them. */
    public FirstStart firstStart() {
        return firstStart;
    }

    /** Where the settings are saved; {@code null} when they are not (tests). */
    public Path settingsFile() {
        return settingsFile;
    }

    /**
     * Once the first start has chosen: its pools into the settings, saved, and said in the log.
     * Runs on each frame of the pump (the FX thread), as every other change to the settings does.
     */
    private void saveFirstStart() {
        if (firstStart == null || firstStartSaved || !firstStart.chosen().isDone()) {
            return;
        }
        firstStartSaved = true;
        if (firstStart.chosen().isCompletedExceptionally()) {
            return; // closed early, or already logged by the first start
        }
        FirstStart.Choice choice = firstStart.chosen().join();
        choice.writeInto(settings);
        if (!choice.pools().isEmpty()) {
            saveSettings();
        }
        log.info(choice.announcement(settingsFile, settingsFile != null && !choice.pools().isEmpty()));
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
        if (firstStart != null) {
            firstStart.close();
        }
        pump.close();
        if (gateway != null) {
            gateway.stopTakingWork();
        }
        engine.close(Duration.ofSeconds(10));
        if (gateway != null) {
            gateway.close();
        }
        if (saver != null) {
            saver.close();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
