package org.warmpool.engine.cli;

import org.warmpool.engine.Engine;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.journal.Saver;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code warmpool serve}: the engine and both doors, headless. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the engine headless: WebSocket submissions and the cyber-dojo compatible HTTP API.",
                "The first line printed is: listening http=<port> ws=<port>. Ctrl-C drains in-flight runs,"
                        + " answers queued ones with shutting_down, removes its containers and exits 0.",
                "With no --pool and no pools in the settings file (or no file), pools are started for the"
                        + " Warmpool-ready images Docker has, demo images first; they are not saved."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (default: config.json in $XDG_CONFIG_HOME/warmpool or ~/.config/warmpool, when it exists).")
    Path config;

    @Option(names = "--pool", paramLabel = "IMAGE=N", description = "A pool of N ready containers for IMAGE (repeatable; adds to or overrides the config;"
            + " without any, and with no pools in the config, the Warmpool-ready images get pools).")
    Map<String, Integer> pools = Map.of();

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1; anything else needs --token).")
    String bind;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default 4597; 0 picks a free one).")
    Integer httpPort;

    @Option(names = "--ws-port", paramLabel = "PORT", description = "WebSocket port (default 4598; 0 picks a free one).")
    Integer wsPort;

    @Option(names = "--token", paramLabel = "T", description = "Require \"Authorization: Bearer T\" on every request.")
    String token;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "A browser origin allowed to open the WebSocket (repeatable).")
    List<String> origins = new ArrayList<>();

    @picocli.CommandLine.Mixin
    JournalOptions journal = new JournalOptions();

    @Option(names = "--saver-url", paramLabel = "URL", description = "Also POST each result as JSON to URL (retried; never slows a run).")
    String saverUrl;

    @Option(names = "--drain-seconds", defaultValue = "25", description = "How long Ctrl-C waits for in-flight runs (default ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Override
    public Integer call() {
        Settings settings;
        Path settingsFile = config != null ? config : Settings.defaultPath();
        try {
            settings = Settings.load(settingsFile);
        } catch (IOException e) {
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }
        pools.forEach((image, n) -> settings.pools.computeIfAbsent(image, i -> new Settings.Pool()).target = n);
        Optional<String> firstStartReason = FirstStart.reason(settings);
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = new GatewayConfig(InetAddress.getByName(bind != null ? bind : settings.bind),
                    httpPort != null ? httpPort : settings.httpPort, wsPort != null ? wsPort : settings.wsPort,
                    token != null ? token : settings.token,
                    origins.isEmpty() ? settings.allowedOrigins : origins, ArchiveLimits.defaults());
            gatewayConfig.checkExposure();
            settings.engineConfig();
        } catch (UnknownHostException e) {
            System.err.println("warmpool serve: cannot bind " + bind + ": unknown address");
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }

        JournalConfig journalConfig;
        Saver saver;
        try {
            journalConfig = journal.resolve(settings);
            String saverAt = saverUrl != null ? saverUrl : settings.saverUrl;
            saver = saverAt == null || saverAt.isBlank() ? null : new Saver(URI.create(saverAt));
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }
        Journal journalStore;
        try {
            journalStore = Journal.open(journalConfig);
        } catch (IOException e) {
            System.err.println("warmpool serve: " + e.getMessage() + " (record nothing with --no-journal)");
            return 2;
        }
        Engine engine = Engine.start(settings.engineConfig());
        engine.setLimits(settings.limits.toThrottleLimits());
        Gateway gateway;
        try {
            gateway = Gateway.open(engine, gatewayConfig, journalStore, saver);
        } catch (IOException | IllegalArgumentException e) {
            engine.close(Duration.ZERO);
            closeQuietly(journalStore, saver);
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }
        System.out.println("listening http=" + gateway.httpPort() + " ws=" + gateway.wsPort());
        System.out.flush();
        System.err.println("warmpool serve: " + (journalStore == null ? "recording nothing (journal off)"
                : "recording submissions in " + journalConfig.file().toAbsolutePath())
                + (saver == null ? "" : "; forwarding results to " + saver.url()));
        boolean dockerAnswers = engine.snapshot().dockerAvailable();
        if (!dockerAnswers) {
            System.err.println("warmpool serve: " + engine.snapshot().dockerMessage() + " (will keep trying)");
        }
        FirstStart firstStart = firstStartReason.map(reason -> begin(engine, reason, settingsFile, dockerAnswers)).orElse(null);
        if (firstStart == null && settings.pools.isEmpty()) {
            System.err.println("warmpool serve: serving no pools: " + settingsFile + " names none"
                    + " (add some with --pool IMAGE=N, or in the console)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("warmpool serve: shutting down (draining up to " + drainSeconds + " s) ...");
            if (firstStart != null) {
                firstStart.close();
            }
            gateway.close(Duration.ofSeconds(drainSeconds));
            closeQuietly(journalStore, saver);
            System.err.println("warmpool serve: stopped");
            System.err.flush();
            stopped.countDown();
            Runtime.getRuntime().halt(0); // Ctrl-C after a clean shutdown is a success, not 130
        }, "warmpool-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Chooses pools for the Warmpool-ready images in the background and says which. They are not
     * written to the settings file: serve never writes it (the console does), so an ad-hoc serve
     * leaves no file behind and the next start simply chooses again.
     */
    private static FirstStart begin(Engine engine, String reason, Path settingsFile, boolean dockerAnswers) {
        FirstStart firstStart = FirstStart.begin(engine, reason, FirstStart.targetForThisMachine());
        if (!dockerAnswers) {
            System.err.println("warmpool serve: first start: " + reason + "; choosing pools once Docker answers");
        }
        firstStart.chosen().thenAccept(choice -> {
            System.err.println("warmpool serve: " + choice.announcement(settingsFile, false));
            System.err.flush();
        });
        return firstStart;
    }

    private static void closeQuietly(Journal journal, Saver saver) {
        if (saver != null) {
            saver.close();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
