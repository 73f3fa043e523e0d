package org.warmpool.engine.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.config.Assets;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.api.About;
import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.BuildInfo;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.Limits;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.api.Preferences;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.api.StartException;
import org.warmpool.engine.api.StartOptions;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.Warmpool;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.journal.Saver;
import org.warmpool.engine.room.RoomService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The composition root: builds the engine, the journal and its saver, the gateway and a first
 * start from the settings, owns them all and closes them in order. {@code warmpool serve} and the
 * console both start Warmpool here (the console through {@link Warmpool#start}).
 */
public final class WarmpoolServer implements Warmpool {
    private static final Logger log = LoggerFactory.getLogger(WarmpoolServer.class);
    private static final Duration DRAIN = Duration.ofSeconds(25);

    private final SettingsStore settings;
    private final Engine engine;
    private final Journal journal;
    private final String journalProblem;
    private final Saver saver;
    private final Gateway gateway;
    private final ServerAddresses addresses;
    private final FirstStart firstStart;
    private final ServerPools pools;
    private final ServerLimits limits;
    private final ServerImages images;
    private final JournalQueries journalQueries;
    private final Replays replays;
    private final Room room;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WarmpoolServer(SettingsStore settings, Engine engine, Journal journal, String journalProblem, Saver saver,
                           SaverStatus saverRefused, Room room, Gateway gateway, ServerAddresses addresses, FirstStart firstStart) {
        this.settings = settings;
        this.engine = engine;
        this.journal = journal;
        this.journalProblem = journalProblem;
        this.saver = saver;
        this.room = room;
        this.gateway = gateway;
        this.addresses = addresses;
        this.firstStart = firstStart;
        this.pools = new ServerPools(engine, settings);
        this.limits = new ServerLimits(engine, settings);
        this.images = new ServerImages(engine);
        this.journalQueries = Adapters.journal(journal, journalProblem, settings, saver != null ? saver::stats : () -> saverRefused);
        this.replays = Adapters.replays(addresses, journal);
    }

    /** Reads the settings file and starts everything it describes. */
    public static WarmpoolServer start(StartOptions options) {
        Settings loaded;
        try {
            loaded = Settings.load(options.settingsFile());
        } catch (IOException e) {
            throw new StartException(e.getMessage(), e);
        }
        return start(loaded, options.settingsFile(), options.saveSettings(), DockerJavaRuntime::new);
    }

    /**
     * Starts everything {@code settings} describe ({@code warmpool serve} passes the file's settings
     * with its flags applied).
     *
     * @param settingsFile where they came from, for messages and (when {@code save}) for saving changes
     * @param docker       the Docker engine to use (tests give a switchable or broken one)
     * @throws StartException when a setting is invalid, or recording was asked for and the journal cannot open
     */
    public static WarmpoolServer start(Settings settings, Path settingsFile, boolean save,
                                       java.util.function.Supplier<ContainerRuntime> docker) {
        GatewayConfig gatewayConfig;
        JournalConfig journalConfig;
        try {
            settings.engineConfig(); // validates every value, with the setting's name in the message
            ServerEngines.addresses(settings); // every engine named is an engine address
            gatewayConfig = new GatewayConfig(InetAddress.getByName(settings.bind), settings.httpPort, settings.wsPort,
                    settings.token, settings.allowedOrigins, ArchiveLimits.defaults());
            gatewayConfig.checkExposure();
            journalConfig = settings.journal.toJournalConfig();
        } catch (IOException | IllegalArgumentException e) {
            throw new StartException(e instanceof java.net.UnknownHostException
                    ? "cannot bind " + settings.bind + ": unknown address" : e.getMessage(), e);
        }
        SettingsStore store = new SettingsStore(settings, settingsFile, save);
        Journal journal = null;
        String journalProblem = "";
        try {
            journal = Journal.open(journalConfig);
        } catch (IOException | IllegalArgumentException e) {
            journalProblem = "Submissions are not being recorded: " + e.getMessage();
            log.warn("the journal did not open: {}", e.getMessage());
        }
        Saver saver = null;
        SaverStatus saverRefused = null;
        if (settings.saverUrl != null && !settings.saverUrl.isBlank()) {
            try {
                // with a journal, results wait in it until the saver has them (and are forwarded after a restart)
                saver = new Saver(URI.create(settings.saverUrl), journal);
            } catch (IllegalArgumentException e) {
                journalProblem = (journalProblem + " Results are not forwarded: " + e.getMessage()).strip();
                saverRefused = SaverStatus.notForwarding(null, "Results are not forwarded: " + e.getMessage());
                log.warn("results are not forwarded: {}", e.getMessage());
            }
        }
        Engine engine = Engine.start(settings.engineConfig(), ServerEngines.endpoints(settings, docker));
        engine.setLimits(settings.limits.toThrottleLimits());
        Room room = journal != null ? RoomService.over(journal) : RoomService.without(journalProblem);
        Gateway gateway = null;
        String gatewayProblem = "";
        try {
            gateway = Gateway.open(engine, gatewayConfig, journal, saver, room);
        } catch (IOException | IllegalArgumentException e) {
            gatewayProblem = e.getMessage();
            log.warn("the gateway did not open: {}", e.getMessage());
        }
        ServerAddresses addresses = new ServerAddresses(gateway, gatewayConfig, settings.bind, gatewayProblem);
        FirstStart first = FirstStart.reason(settings).map(reason -> {
            if (!engine.snapshot().dockerAvailable()) {
                log.info("first start: {}; choosing pools once Docker answers", reason);
            }
            return FirstStart.begin(engine, reason, FirstStart.targetForThisMachine());
        }).orElse(null);
        WarmpoolServer server = new WarmpoolServer(store, engine, journal, journalProblem, saver, saverRefused, room, gateway,
                addresses, first);
        if (first != null) {
            first.chosen().thenAccept(choice -> {
                log.info(choice.announcement(settingsFile, save));
                if (save) {
                    store.update(choice::writeInto);
                }
            });
        }
        return server;
    }

    /** The engine itself, for the engine's own commands and tests (the console never sees it). */
    public Engine engine() {
        return engine;
    }

    /** What the first start chose, once it has; {@code null} when the settings named the pools. */
    public java.util.concurrent.CompletableFuture<FirstStart.Choice> firstStartChoice() {
        return firstStart == null ? null : firstStart.chosen();
    }

    /** Whether submissions are recorded; when they should be but are not, {@link JournalQueries#status()} says why. */
    public boolean recording() {
        return journal != null;
    }

    @Override
    public Pools pools() {
        return pools;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public Images images() {
        return images;
    }

    @Override
    public JournalQueries journal() {
        return journalQueries;
    }

    @Override
    public Room room() {
        return room;
    }

    @Override
    public Replays replays() {
        return replays;
    }

    @Override
    public Preferences preferences() {
        return new Preferences() {
            @Override
            public String theme() {
                return settings.read(s -> s.theme);
            }

            @Override
            public void setTheme(String theme) {
                if (!"light".equals(theme) && !"dark".equals(theme)) {
                    throw new IllegalArgumentException("the theme is \"light\" or \"dark\", not \"" + theme + "\"");
                }
                settings.update(s -> s.theme = theme);
            }
        };
    }

    @Override
    public Addresses addresses() {
        return addresses;
    }

    @Override
    public About about() {
        return new About(BuildInfo.current(), System.getProperty("java.runtime.version", System.getProperty("java.version")),
                settings.file(), journal != null ? journal.config().file().toAbsolutePath().toString()
                : journalProblem.isEmpty() ? "not recording (journal off)" : journalProblem,
                Assets.dir(), System.getProperty("warmpool.home", ""));
    }

    @Override
    public Optional<FirstStartStatus> firstStart() {
        return firstStart == null ? Optional.empty()
                : Optional.of(Adapters.firstStart(firstStart, settings.saves() ? settings.file() : null));
    }

    @Override
    public Optional<String> dockerVersion() {
        return engine.dockerVersion();
    }

    @Override
    public EngineSnapshot snapshot() {
        return engine.snapshot();
    }

    @Override
    public AutoCloseable subscribe(String name, Consumer<EngineEvent> listener) {
        return engine.subscribe(name, listener);
    }

    /** Closes as {@link #close()} does, waiting up to {@code drain} for runs in flight. */
    public void close(Duration drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (firstStart != null) {
            firstStart.close();
        }
        pools.close();
        if (gateway != null) {
            gateway.stopTakingWork();
        }
        engine.close(drain); // replies of the runs drained still go out through the open doors
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

    @Override
    public void close() {
        close(DRAIN);
    }

    /** Applies new limits and keeps them in the settings. */
    static final class ServerLimits implements Limits {
        private final Engine engine;
        private final SettingsStore settings;

        ServerLimits(Engine engine, SettingsStore settings) {
            this.engine = engine;
            this.settings = settings;
        }

        @Override
        public ThrottleLimits current() {
            return engine.admission().limits();
        }

        @Override
        public ThrottleLimits apply(ThrottleLimits limits) {
            engine.setLimits(limits);
            settings.update(s -> s.limits = Settings.Limits.of(limits));
            return limits;
        }
    }
}
