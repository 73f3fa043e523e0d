package org.warmpool.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.Stage;
import org.warmpool.app.about.AboutViewModel;
import org.warmpool.app.engines.EnginesView;
import org.warmpool.app.engines.EnginesViewModel;
import org.warmpool.app.images.ImagesView;
import org.warmpool.app.images.ImagesViewModel;
import org.warmpool.app.lifetimes.LifetimesView;
import org.warmpool.app.lifetimes.LifetimesViewModel;
import org.warmpool.app.pools.PoolsView;
import org.warmpool.app.pools.PoolsViewModel;
import org.warmpool.app.replay.ReplayView;
import org.warmpool.app.replay.ReplayViewModel;
import org.warmpool.app.room.RoomView;
import org.warmpool.app.room.RoomViewModel;
import org.warmpool.app.room.WayInViewModel;
import org.warmpool.app.throttle.ThrottleView;
import org.warmpool.app.throttle.ThrottleViewModel;
import org.warmpool.engine.api.StartOptions;
import org.warmpool.engine.api.Warmpool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console's composition root: starts Warmpool with the user's settings (saved as they change),
 * and gives each view model only the ports it needs, one pump of engine events for all of them and
 * one pool of background threads. Warmpool starts with the application and is closed with it.
 */
public final class ConsoleApp extends Application {
    public static final String TITLE = "Warmpool";
    private Warmpool warmpool;
    private Console console;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread shutdownHook;

    @Override
    public void init() {
        warmpool = Warmpool.start(StartOptions.settingsFile(StartOptions.defaultSettingsFile()));
        // Logging out, or a kill, ends the JVM without stop(): close the engine anyway, so its
        // containers go with it instead of waiting for the next engine to reap them.
        shutdownHook = new Thread(this::closeAll, "warmpool-console-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void start(Stage stage) {
        console = show(stage, warmpool);
        stage.setOnCloseRequest(e -> Platform.exit());
    }

    /**
     * Builds the window over a running Warmpool and shows it (tests pass their own Warmpool). The
     * caller closes the returned console, then Warmpool.
     */
    public static Console show(Stage stage, Warmpool warmpool) {
        EventPump pump = new EventPump(warmpool);
        ExecutorService background = background();
        Executor fx = Platform::runLater;

        ThemeViewModel theme = new ThemeViewModel(warmpool.preferences());
        MainWindow.applyTheme(theme.themeProperty().get());
        StatusViewModel status = new StatusViewModel(warmpool.addresses(), warmpool.journal(), warmpool::firstStart,
                warmpool.about().settingsFile());
        pump.listen(status::update);
        AboutViewModel about = new AboutViewModel(warmpool.about(), System.getProperty("javafx.runtime.version", "unknown"),
                warmpool::dockerVersion, background, fx);

        PoolsViewModel pools = new PoolsViewModel(warmpool.pools(), warmpool.images(), background, fx);
        pump.listen((snapshot, events) -> pools.update(snapshot));
        LifetimesViewModel lifetimes = new LifetimesViewModel();
        pump.listen(lifetimes::update);
        ThrottleViewModel throttle = new ThrottleViewModel(warmpool.limits());
        pump.listen((snapshot, events) -> throttle.update(snapshot));
        ReplayViewModel replay = new ReplayViewModel(warmpool.replays(), warmpool.journal(), fx, background);
        pump.listen((snapshot, events) -> replay.update(snapshot));
        ImagesViewModel images = new ImagesViewModel(warmpool.images(), fx, background);
        pump.listen((snapshot, events) -> images.update(snapshot));
        RoomViewModel room = new RoomViewModel(warmpool.room(), fx, background, replay.submissions()::addItems, Instant::now);
        pump.listen((snapshot, events) -> room.update());
        EnginesViewModel engines = new EnginesViewModel();
        pump.listen(engines::update);
        WayInViewModel wayIn = new WayInViewModel(warmpool.addresses(), warmpool.about().settingsFile());

        List<ConsoleView> views = List.of(new PoolsView(pools), new LifetimesView(lifetimes), new ThrottleView(throttle),
                new ReplayView(replay), new RoomView(room, wayIn), new ImagesView(images), new EnginesView(engines));
        MainWindow window = new MainWindow(status, theme, about, views);
        Scene scene = new Scene(window.root(), 1280, 800);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), window::showAbout);
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icon());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.show();
        pump.start();
        return new Console(window, pump, background);
    }

    /** The view models' background threads (they ask Docker, read files): daemons, so that they never hold the JVM. */
    private static ExecutorService background() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "warmpool-console-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Warmpool's icon (assets/icon/warmpool.png, packed into the jar): window, About box, desktop entry. */
    public static Image icon() {
        return new Image(Objects.requireNonNull(ConsoleApp.class.getResource("warmpool.png"), "warmpool.png in the jar").toExternalForm());
    }

    @Override
    public void stop() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | NullPointerException shuttingDownOrNeverAdded) {
            // nothing to remove
        }
    }

    private void closeAll() {
        if (closed.compareAndSet(false, true)) {
            if (console != null) {
                console.close();
            }
            if (warmpool != null) {
                warmpool.close();
            }
        }
    }
}
