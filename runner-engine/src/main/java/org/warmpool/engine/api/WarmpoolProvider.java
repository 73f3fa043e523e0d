package org.warmpool.engine.api;

/**
 * How {@link Warmpool#start} finds the engine without the API depending on it: the engine
 * registers one in {@code META-INF/services/org.warmpool.engine.api.WarmpoolProvider}.
 */
public interface WarmpoolProvider {
    /** Starts everything the options ask for; see {@link Warmpool#start}. */
    Warmpool start(StartOptions options);

    /** Runs a headless command; see {@link Warmpool#commandLine}. */
    int commandLine(String... args);
}
