package org.warmpool.engine.config;

import org.warmpool.engine.api.StartOptions;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.ThrottleLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an operator sets, as stored in {@code config.json} in the user's config directory
 * and shared by the console and {@code warmpool serve --config}. Every setting is also a flag.
 *
 * <p>Whether the settings <em>name</em> the pools matters as much as which pools they name: a
 * file with {@code "pools": {}} asks for no pools, on purpose, while a missing file (or one
 * without a {@code "pools"} entry) leaves them to a {@link FirstStart first start}. See
 * {@link #namesPools()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pools"}) // first, where operators look
public final class Settings {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** One pool's settings on disk. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Pool {
        public int target = 1;
        @JsonProperty("read_only_root")
        public boolean readOnlyRoot = true;
        /** Ruby source of a traffic-light rule replacing the image's own. */
        public String rule;
        @JsonProperty("memory_mb")
        public int memoryMegabytes = 768;
        public int pids = 128;
        @JsonProperty("sandbox_mb")
        public int sandboxMegabytes = 64;
        /** "agent" or "exec"; {@code null} for the default ({@link PoolSettings#DEFAULT_RUN_PATH}). */
        @JsonProperty("run_path")
        public String runPath;
        /** Containers serve run after run, wiped and verified in between (agent path, read-only root). */
        public boolean recycle;
        /** A recycled container is replaced after this many runs. */
        @JsonProperty("recycle_runs")
        public int recycleRuns = PoolSettings.DEFAULT_RECYCLE_RUNS;
        /** A reactive pool: its target starts at min and moves within min..max by itself (both, or neither). */
        public Integer min;
        public Integer max;

        /** A pool's settings as they are written to the file. */
        public static Pool of(PoolSettings settings) {
            Pool pool = new Pool();
            pool.target = settings.target();
            pool.readOnlyRoot = settings.readOnlyRoot();
            pool.rule = settings.lambdaOverride();
            pool.memoryMegabytes = settings.memoryMegabytes();
            pool.pids = settings.pidsLimit();
            pool.sandboxMegabytes = settings.sandboxMegabytes();
            pool.runPath = settings.runPath() == PoolSettings.DEFAULT_RUN_PATH ? null : settings.runPath().wireName();
            pool.recycle = settings.recycle();
            pool.recycleRuns = settings.recycleRuns();
            if (settings.range() != null) {
                pool.target = settings.range().min();
                pool.min = settings.range().min();
                pool.max = settings.range().max();
            }
            return pool;
        }

        /** These settings, a reactive pool's with the default idle time. */
        public PoolSettings toPoolSettings() {
            return toPoolSettings(PoolRange.DEFAULT_IDLE);
        }

        /** These settings; a reactive pool goes back to its min after {@code idle} without a run. */
        public PoolSettings toPoolSettings(Duration idle) {
            if ((min == null) != (max == null)) {
                throw new IllegalArgumentException("a reactive pool needs both \"min\" and \"max\" (e.g. \"min\": 1, \"max\": 6),"
                        + " not only \"" + (min == null ? "max" : "min") + "\"");
            }
            PoolSettings fixed = toFixedSettings();
            return min == null ? fixed : fixed.range(new PoolRange(min, max, idle));
        }

        private PoolSettings toFixedSettings() {
            RunPathKind path;
            try {
                path = runPath == null || runPath.isBlank() ? PoolSettings.DEFAULT_RUN_PATH : RunPathKind.fromWireName(runPath);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("run_path is \"agent\" or \"exec\", not \"" + runPath + "\"");
            }
            return new PoolSettings(target, readOnlyRoot, rule, memoryMegabytes, pids, sandboxMegabytes,
                    recycle ? RunPathKind.AGENT : path, recycle, recycleRuns);
        }
    }

    /** Throttle limits on disk; missing values take the defaults. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Limits {
        @JsonProperty("max_connections")
        public int maxConnections = ThrottleLimits.defaults().maxConnections();
        @JsonProperty("max_concurrent_runs")
        public int maxConcurrentRuns = ThrottleLimits.defaults().maxConcurrentRuns();
        @JsonProperty("per_connection")
        public int perConnection = ThrottleLimits.defaults().perConnectionConcurrency();
        public int queue = ThrottleLimits.defaults().queueCapacity();
        @JsonProperty("rate_per_second")
        public double ratePerSecond = ThrottleLimits.defaults().ratePerSecond();
        public int burst = ThrottleLimits.defaults().burst();

        public ThrottleLimits toThrottleLimits() {
            return new ThrottleLimits(maxConnections, maxConcurrentRuns, perConnection, queue, ratePerSecond, burst);
        }

        public static Limits of(ThrottleLimits l) {
            Limits limits = new Limits();
            limits.maxConnections = l.maxConnections();
            limits.maxConcurrentRuns = l.maxConcurrentRuns();
            limits.perConnection = l.perConnectionConcurrency();
            limits.queue = l.queueCapacity();
            limits.ratePerSecond = l.ratePerSecond();
            limits.burst = l.burst();
            return limits;
        }
    }

    /** The journal on disk; missing values take the defaults. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class JournalSettings {
        public boolean enabled = true;
        /** The database file; {@code null} for the default in the user's data directory. */
        public String file;
        @JsonProperty("max_runs")
        public long maxRuns = JournalConfig.DEFAULT_MAX_RUNS;
        @JsonProperty("max_bytes")
        public long maxBytes = JournalConfig.DEFAULT_MAX_BYTES;

        public JournalConfig toJournalConfig() {
            return new JournalConfig(enabled, file == null || file.isBlank() ? JournalConfig.defaultFile() : Path.of(file),
                    maxRuns, maxBytes);
        }
    }

    /** The pools by image; see {@link #namesPools()} for what an empty map means. */
    @JsonIgnore
    public Map<String, Pool> pools = new LinkedHashMap<>();
    /** The file had a {@code "pools"} entry, or the operator (or a first start) chose the pools since. */
    @JsonIgnore
    private boolean poolsNamed;
    /** Read from a file, rather than the defaults for a missing one. */
    @JsonIgnore
    private boolean fromFile;
    public JournalSettings journal = new JournalSettings();
    /** Where each result is also POSTed as JSON; {@code null} for nowhere. */
    @JsonProperty("saver_url")
    public String saverUrl;
    public Limits limits = new Limits();
    /** How long submissions wait for a Docker that stopped answering before they are answered docker_unavailable. */
    @JsonProperty("docker_grace_seconds")
    public int dockerGraceSeconds = 20;
    public String bind = "127.0.0.1";
    @JsonProperty("http_port")
    public int httpPort = 4597;
    @JsonProperty("ws_port")
    public int wsPort = 4598;
    public String token;
    @JsonProperty("allowed_origins")
    public List<String> allowedOrigins = new ArrayList<>();
    /** How long a reactive pool waits without a run before it goes back to its min. */
    @JsonProperty("pool_idle_seconds")
    public int poolIdleSeconds = (int) PoolRange.DEFAULT_IDLE.toSeconds();
    /** The console's theme: "light" or "dark". */
    public String theme = "light";
    /**
     * The Docker engines to place containers on ({@code unix:///path}, {@code tcp://host:port},
     * {@code context:NAME}); empty for the local one.
     */
    public List<String> engines = new ArrayList<>();
    /** Whether a remote {@code tcp://} engine may be used without TLS (refused unless this is set). */
    @JsonProperty("allow_insecure_engines")
    public boolean allowInsecureEngines;

    /**
     * Whether these settings say which pools to run — even none: a {@code "pools"} entry in the
     * file (also {@code "pools": {}}), any pool added since, or {@link #namePools()}. False for a
     * missing file and for a file without {@code "pools"}: those pools are a first start's to choose.
     */
    public boolean namesPools() {
        return poolsNamed || !pools.isEmpty();
    }

    /**
     * From now on the pools are chosen, even when there are none: {@link #save} writes
     * {@code "pools"} and the next start respects it. Removing the last pool calls this, so that
     * "no pools" survives a restart.
     */
    public void namePools() {
        poolsNamed = true;
    }

    /** Whether these settings were read from a file; false for the defaults of a missing one. */
    public boolean fromFile() {
        return fromFile;
    }

    /** The pools as written: left out until they are named, so an early save does not say "no pools". */
    @JsonGetter("pools")
    private Map<String, Pool> poolsAsWritten() {
        return namesPools() ? pools : null;
    }

    /** The pools as read; {@code "pools": null} counts as no entry. */
    @JsonSetter("pools")
    private void poolsAsRead(Map<String, Pool> read) {
        pools = read == null ? new LinkedHashMap<>() : new LinkedHashMap<>(read);
        poolsNamed = read != null;
    }

    /** {@code $XDG_CONFIG_HOME/warmpool/config.json}, else {@code ~/.config/warmpool/config.json}. */
    public static Path defaultPath() {
        return StartOptions.defaultSettingsFile();
    }

    /** Reads a settings file; a missing file gives the defaults. */
    public static Settings load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Settings();
        }
        try {
            Settings settings = JSON.readValue(file.toFile(), Settings.class);
            settings.fromFile = true;
            settings.engineConfig(); // validates every value now, with the file's name in the message
            return settings;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read settings from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically, so a crash never leaves half a file. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), this);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public EngineConfig engineConfig() {
        if (dockerGraceSeconds < 0) {
            throw new IllegalArgumentException("docker_grace_seconds must be 0 or more, not " + dockerGraceSeconds);
        }
        EngineConfig config = EngineConfig.defaults().withMaxConcurrentRuns(limits.maxConcurrentRuns)
                .withDockerGrace(Duration.ofSeconds(dockerGraceSeconds));
        if (poolIdleSeconds < 1) {
            throw new IllegalArgumentException("pool_idle_seconds must be at least 1, not " + poolIdleSeconds);
        }
        for (Map.Entry<String, Pool> pool : pools.entrySet()) {
            try {
                config = config.withPool(pool.getKey(), pool.getValue().toPoolSettings(Duration.ofSeconds(poolIdleSeconds)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the pool for " + pool.getKey() + ": " + e.getMessage(), e);
            }
        }
        limits.toThrottleLimits();
        journal.toJournalConfig();
        return config;
    }
}
