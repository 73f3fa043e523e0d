package org.warmpool.engine.cli;

import org.warmpool.engine.api.StartOptions;
import org.warmpool.engine.api.Warmpool;
import org.warmpool.engine.api.WarmpoolProvider;
import org.warmpool.engine.server.WarmpoolServer;

/**
 * The engine's entry points as {@link Warmpool#start} and {@link Warmpool#commandLine} find them
 * (a ServiceLoader provider, so that the API depends on nothing in the engine).
 */
public final class EngineProvider implements WarmpoolProvider {
    @Override
    public Warmpool start(StartOptions options) {
        return WarmpoolServer.start(options);
    }

    @Override
    public int commandLine(String... args) {
        return WarmpoolCli.execute(args);
    }
}
