package org.warmpool.app;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Real engines for console tests, started as the console starts one but with test settings: free
 * ports, no journal unless a test asks for one, named pools (so no first start unless asked for).
 * Whoever starts one closes it.
 */
public final class TestEngines {
    /** A settings file that is never written (the engines that name it do not save). */
    static final Path NOT_SAVED = Path.of(System.getProperty("java.io.tmpdir"), "warmpool-console-test-not-saved", "config.json");

    private TestEngines() {
    }

    /** Free ports, no journal, these pools (even none: no first start). */
    public static Settings settings(Map<String, Integer> pools) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false; // tests that need one point it at a temporary file
        pools.forEach((image, n) -> {
            Settings.Pool pool = new Settings.Pool();
            pool.target = n;
            settings.pools.put(image, pool);
        });
        settings.namePools();
        return settings;
    }

    /** Warmpool on the local Docker daemon with these pools; changes are not saved. */
    public static WarmpoolServer withPools(Map<String, Integer> pools) {
        return start(settings(pools), NOT_SAVED, false);
    }

    /** Warmpool on the local Docker daemon with these pools; changes are saved in {@code settingsFile}, as the console's are. */
    public static WarmpoolServer withPools(Map<String, Integer> pools, Path settingsFile) {
        return start(settings(pools), settingsFile, true);
    }

    /** Warmpool with these settings; changes are not saved. */
    public static WarmpoolServer with(Settings settings) {
        return start(settings, NOT_SAVED, false);
    }

    /**
     * Warmpool on a fresh machine: no settings file yet (the defaults, but free ports and no
     * journal), so a first start chooses the pools, saved in {@code settingsFile}.
     */
    public static WarmpoolServer firstStart(Path settingsFile) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        return start(settings, settingsFile, true);
    }

    /** Warmpool (a busybox pool) whose Docker daemon does not exist. */
    public static WarmpoolServer withoutDocker() {
        return WarmpoolServer.start(settings(Map.of("warmpool/busybox", 1)), NOT_SAVED, false,
                () -> new DockerJavaRuntime(nowhere("warmpool-console-test-no-docker")));
    }

    /** A Docker client configuration that reaches no daemon. */
    public static DefaultDockerClientConfig nowhere(String name) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///tmp/" + name + ".sock").build();
    }

    private static WarmpoolServer start(Settings settings, Path file, boolean save) {
        return WarmpoolServer.start(settings, file, save, DockerJavaRuntime::new);
    }
}
