package org.warmpool.engine.api;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The one door into Warmpool: the pools, limits, images, journal and replays of a running engine,
 * its gateway's addresses, and what it is doing. The console and the headless commands use
 * nothing else.
 *
 * <p>Whoever starts it owns it and closes it: closing stops taking work, drains the runs in flight,
 * removes every container it started, then closes the gateway and the journal.
 *
 * <pre>{@code
 * try (Warmpool warmpool = Warmpool.start(StartOptions.settingsFile(Settings.defaultPath()))) {
 *     warmpool.pools().setTarget("warmpool/python-pytest", 3);
 *     warmpool.subscribe("log", event -> System.out.println(event));
 * }
 * }</pre>
 *
 * <p>Changes made through the ports ({@link Pools}, {@link Limits}, {@link Preferences}) are saved
 * in the settings file when {@link StartOptions#saveSettings()} says so (the console), and apply to
 * this run only otherwise ({@code warmpool serve}).
 */
public interface Warmpool extends AutoCloseable {

    /**
     * Starts an engine, its gateway and journal as the options say (the implementation is found
     * with {@link ServiceLoader}: the engine's {@code server} package provides it).
     *
     * @throws StartException when it cannot start at all (unreadable settings, a journal that
     *                        cannot open and was required); a gateway whose port is in use does not
     *                        stop a start: {@link Addresses#problem()} says so instead
     */
    static Warmpool start(StartOptions options) {
        return provider().start(options);
    }

    /** Runs a headless command ({@code serve}, {@code submit}, {@code replay}, ...) and returns its exit status. */
    static int commandLine(String... args) {
        return provider().commandLine(args);
    }

    private static WarmpoolProvider provider() {
        return ServiceLoader.load(WarmpoolProvider.class, Warmpool.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Warmpool engine on the class path"
                        + " (META-INF/services/" + WarmpoolProvider.class.getName() + ")"));
    }

    /** Pools per image: targets, adding, removing, preparing. */
    Pools pools();

    /** Admission limits: connections, concurrency, queue, rate. */
    Limits limits();

    /** The images the Docker engines hold: list, check, load. */
    Images images();

    /** What the journal recorded. */
    JournalQueries journal();

    /** Every participant's traffic lights in this session (what the journal recorded since the session began). */
    Room room();

    /** Replaying recorded or saved submissions like real clients. */
    Replays replays();

    /** The console's own settings (its theme). */
    Preferences preferences();

    /** Where clients connect, or why they cannot. */
    Addresses addresses();

    /** This build, and where its files are. */
    About about();

    /** What a first start chose, when the settings left the pools to it; empty when they named them. */
    Optional<FirstStartStatus> firstStart();

    /** The Docker engine's version (asks it now: call it off a UI thread); empty when it does not answer. */
    Optional<String> dockerVersion();

    /** Everything at this instant: pools, containers, admission, Docker's health, counts. */
    EngineSnapshot snapshot();

    /** Events as they happen, on a thread of the listener's own; close the handle to stop. */
    AutoCloseable subscribe(String name, Consumer<EngineEvent> listener);

    /** Stops taking work, drains runs in flight, removes its containers, closes the gateway and the journal. */
    @Override
    void close();
}
