package org.warmpool.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.Stage;
import org.warmpool.app.images.ImagesView;
import org.warmpool.app.lifetimes.LifetimesView;
import org.warmpool.app.pools.PoolsView;
import org.warmpool.app.replay.ReplayView;
import org.warmpool.app.throttle.ThrottleView;
import org.warmpool.engine.config.Settings;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** The console window: embeds the engine and the gateway, started with the window and stopped with it. */
public final class ConsoleApp extends Application {
    public static final String TITLE = "Warmpool";
    private ConsoleContext context;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread shutdownHook;

    @Override
    public void init() throws Exception {
        context = ConsoleContext.start(Settings.defaultPath());
        // Logging out, or a kill, ends the JVM without stop(): close the engine anyway, so its
        // containers go with it instead of waiting for the next engine to reap them.
        shutdownHook = new Thread(this::closeContext, "warmpool-console-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void start(Stage stage) {
        show(stage, context);
        stage.setOnCloseRequest(e -> Platform.exit());
    }

    /** Builds the window around a running context (tests pass their own). */
    public static MainWindow show(Stage stage, ConsoleContext context) {
        MainWindow.applyTheme(context.settings().theme);
        MainWindow window = new MainWindow(context, views(context));
        Scene scene = new Scene(window.root(), 1280, 800);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), window::showAbout);
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icon());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.show();
        context.pump().start();
        return window;
    }

    /** Warmpool's icon (assets/icon/warmpool.png, packed into the jar): window, About box, desktop entry. */
    public static Image icon() {
        return new Image(Objects.requireNonNull(ConsoleApp.class.getResource("warmpool.png"), "warmpool.png in the jar").toExternalForm());
    }

    static List<ConsoleView> views(ConsoleContext context) {
        return List.of(PoolsView.create(context), LifetimesView.create(context), ThrottleView.create(context),
                ReplayView.create(context), ImagesView.create(context));
    }

    @Override
    public void stop() {
        closeContext();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | NullPointerException shuttingDownOrNeverAdded) {
            // nothing to remove
        }
    }

    private void closeContext() {
        if (context != null && closed.compareAndSet(false, true)) {
            context.close();
        }
    }
}
