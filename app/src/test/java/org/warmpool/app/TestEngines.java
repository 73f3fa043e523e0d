package org.warmpool.app;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.warmpool.engine.Engine;
import org.warmpool.engine.EngineConfig;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.api.PoolSettings;

import java.nio.file.Path;
import java.util.Map;

/** Consoles on real engines for tests: free ports, no settings file touched. */
public final class TestContexts {
    private TestContexts() {
    }

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
        settings.namePools(); // these pools, even none: no first start
        return settings;
    }

    /** A console on the local Docker daemon with these pools. */
    public static ConsoleContext withPools(Map<String, Integer> pools) {
        Settings settings = settings(pools);
        return ConsoleContext.start(null, Engine.start(settings.engineConfig()), settings);
    }

    /**
     * A console on a fresh machine: no settings file yet (the defaults, but free ports and no
     * journal), so a first start chooses the pools and the console saves them in {@code settingsFile}.
     */
    public static ConsoleContext firstStart(Path settingsFile) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        return ConsoleContext.start(settingsFile, Engine.start(settings.engineConfig()), settings);
    }

    /** A console whose Docker daemon does not exist. */
    public static ConsoleContext withoutDocker() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///tmp/warmpool-console-test-no-docker.sock").build();
        Settings settings = settings(Map.of());
        return ConsoleContext.start(null, Engine.start(EngineConfig.defaults()
                .withPool("warmpool/busybox", PoolSettings.withTarget(1)), new DockerJavaRuntime(config)), settings);
    }
}
