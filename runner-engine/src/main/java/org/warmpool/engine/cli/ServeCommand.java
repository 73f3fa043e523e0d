package org.warmpool.engine.cli;

import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.api.StartException;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.server.WarmpoolServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--pool", paramLabel = "IMAGE=N|IMAGE=MIN..MAX", description = "A pool of N ready containers for IMAGE, or a"
            + " reactive one that grows from MIN towards MAX when runs start cold and goes back to MIN when idle (repeatable;"
            + " adds to or overrides the config; without any, and with no pools in the config, the Warmpool-ready images get pools).")
    Map<String, String> pools = Map.of();

    @Option(names = "--pool-idle-seconds", paramLabel = "SECONDS",
            description = "How long a reactive pool waits without a run before it goes back to its MIN (default 300).")
    Integer poolIdleSeconds;

    @Option(names = "--run-path", paramLabel = "agent|exec",
            description = "How runs get into the containers of the pools given with --pool: agent (no docker exec: the"
                    + " container's agent takes each run) or exec (docker exec per run).")
    String runPath;

    @Option(names = "--recycle", description = "Containers of the pools given with --pool serve run after run, wiped and"
            + " verified in between (agent path; needs a read-only root).")
    boolean recycle;

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

    @Option(names = "--docker-grace", paramLabel = "SECONDS",
            description = "How long submissions wait for a Docker that stopped answering before they are answered docker_unavailable (default 20).")
    Integer dockerGrace;

    @Option(names = "--engine", paramLabel = "URI",
            description = {"A Docker engine to place containers on (repeatable; replaces the settings' \"engines\"):"
                    + " unix:///path/to/docker.sock, tcp://host:port (TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)"
                    + " or context:NAME (from docker context ls). Pools spread over the engines that hold their image,"
                    + " weighted by their cores and memory. Default: the local engine (DOCKER_HOST)."})
    List<String> engines = new ArrayList<>();

    @Option(names = "--allow-insecure-engine",
            description = "Allow tcp:// engines on other hosts without TLS (anyone who reaches such a port is root there).")
    boolean allowInsecureEngine;

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
        try {
            applyFlags(settings);
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }
        WarmpoolServer server;
        try {
            server = WarmpoolServer.start(settings, settingsFile, false, DockerJavaRuntime::new);
        } catch (StartException e) {
            System.err.println("warmpool serve: " + e.getMessage());
            return 2;
        }
        JournalStatus journalStatus = server.journal().status();
        if (settings.journal.enabled && !journalStatus.recording()) {
            server.close(Duration.ZERO);
            System.err.println("warmpool serve: " + journalStatus.problem() + " (record nothing with --no-journal)");
            return 2;
        }
        if (!server.addresses().problem().isEmpty()) {
            server.close(Duration.ZERO);
            System.err.println("warmpool serve: " + server.addresses().problem());
            return 2;
        }
        URI http = server.addresses().http().orElseThrow();
        URI ws = server.addresses().webSocket().orElseThrow();
        System.out.println("listening http=" + http.getPort() + " ws=" + ws.getPort());
        System.out.flush();
        System.err.println("warmpool serve: " + (journalStatus.recording()
                ? "recording submissions in " + journalStatus.file().toAbsolutePath() : "recording nothing (journal off)")
                + server.journal().saver().map(ServeCommand::forwarding).orElse(""));
        if (server.snapshot().engines().size() > 1) {
            server.snapshot().engines().forEach(e -> System.err.println("warmpool serve: engine " + e.name()
                    + (e.up() ? " answers (Docker " + e.version() + ", " + e.cores() + " cores, " + (e.memoryBytes() >> 20) + " MB)"
                    : " does not answer yet: " + e.lastError())));
        }
        boolean dockerAnswers = server.snapshot().dockerAvailable();
        if (!dockerAnswers) {
            System.err.println("warmpool serve: " + server.snapshot().dockerMessage() + " (will keep trying)");
        }
        server.firstStart().ifPresentOrElse(first -> announce(server, first, settingsFile, dockerAnswers), () -> {
            if (settings.pools.isEmpty()) {
                System.err.println("warmpool serve: serving no pools: " + settingsFile + " names none"
                        + " (add some with --pool IMAGE=N, or in the console)");
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("warmpool serve: shutting down (draining up to " + drainSeconds + " s) ...");
            server.close(Duration.ofSeconds(drainSeconds));
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

    /** "; forwarding results to URL", with what waits from before, or why nothing is forwarded. */
    private static String forwarding(SaverStatus saver) {
        if (saver.url() == null) {
            return "; " + saver.problem();
        }
        return "; forwarding results to " + saver.url() + (saver.journalled()
                ? saver.pending() == 0 ? "" : " (" + saver.pending() + " waiting in the journal from before)"
                : " (waiting in memory only: they are lost if Warmpool stops)");
    }

    /** The flags, over what the settings file says. */
    private void applyFlags(Settings settings) {
        pools.forEach((image, size) -> {
            Settings.Pool pool = settings.pools.computeIfAbsent(image, i -> new Settings.Pool());
            poolSize(pool, image, size);
            if (runPath != null) {
                pool.runPath = runPath;
            }
            if (recycle) {
                pool.recycle = true;
            }
        });
        if ((runPath != null || recycle) && pools.isEmpty()) {
            throw new IllegalArgumentException("--run-path and --recycle apply to the pools given with --pool IMAGE=N");
        }
        if (poolIdleSeconds != null) {
            settings.poolIdleSeconds = poolIdleSeconds;
        }
        if (bind != null) {
            settings.bind = bind;
        }
        if (httpPort != null) {
            settings.httpPort = httpPort;
        }
        if (wsPort != null) {
            settings.wsPort = wsPort;
        }
        if (token != null) {
            settings.token = token;
        }
        if (!origins.isEmpty()) {
            settings.allowedOrigins = origins;
        }
        JournalConfig journalConfig = journal.resolve(settings);
        settings.journal.enabled = journalConfig.enabled();
        settings.journal.file = journalConfig.file().toString();
        settings.journal.maxRuns = journalConfig.maxRuns();
        settings.journal.maxBytes = journalConfig.maxBytes();
        if (saverUrl != null) {
            settings.saverUrl = saverUrl;
        }
        if (dockerGrace != null) {
            settings.dockerGraceSeconds = dockerGrace;
        }
        if (!engines.isEmpty()) {
            settings.engines = engines;
        }
        if (allowInsecureEngine) {
            settings.allowInsecureEngines = true;
        }
    }

    /** {@code N}: a pool of fixed size; {@code MIN..MAX}: a reactive one. */
    static void poolSize(Settings.Pool pool, String image, String size) {
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("(\\d{1,3})\\.\\.(\\d{1,3})").matcher(size.strip());
        if (range.matches()) {
            pool.min = Integer.parseInt(range.group(1));
            pool.max = Integer.parseInt(range.group(2));
            pool.target = pool.min;
        } else if (size.strip().matches("\\d{1,3}")) {
            pool.target = Integer.parseInt(size.strip());
            pool.min = null;
            pool.max = null;
        } else {
            throw new IllegalArgumentException("--pool " + image + "=" + size + ": give a number of ready containers (" + image
                    + "=2) or a range for a pool that sizes itself (" + image + "=1..6)");
        }
    }

    /**
     * Says which pools a first start chose, once it has. They are not written to the settings file:
     * serve never writes it (the console does), so an ad-hoc serve leaves no file behind and the next
     * start simply chooses again.
     */
    private static void announce(WarmpoolServer server, FirstStartStatus first, Path settingsFile, boolean dockerAnswers) {
        if (!dockerAnswers) {
            System.err.println("warmpool serve: first start: " + first.reason() + "; choosing pools once Docker answers");
        }
        server.firstStartChoice().thenAccept(choice -> {
            System.err.println("warmpool serve: " + choice.announcement(settingsFile, false));
            System.err.flush();
        });
    }
}
