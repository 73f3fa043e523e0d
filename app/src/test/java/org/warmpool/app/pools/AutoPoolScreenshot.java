package org.warmpool.app.pools;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.ScreenshotTour;
import org.warmpool.app.TestEngines;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The README's picture of a pool card in auto mode with real advice: a console window (under Xvfb)
 * over a real engine whose python-pytest pool is reactive (1..6), after a burst of real
 * submissions has made it grow and given the advice enough runs and refills to go on.
 *
 * <pre>flock /work/docker.lock xvfb-run -a -s "-screen 0 1280x800x24" java -Dwarmpool.assets=assets \
 *     -cp "$TEST_CLASSPATH" org.warmpool.app.pools.AutoPoolScreenshot docs/screenshots</pre>
 */
public final class AutoPoolScreenshot {
    static final String IMAGE = "warmpool/python-pytest";
    static Path out;

    public static void main(String[] args) {
        out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Application.launch(Window.class, args);
    }

    /** Not the main class itself: JavaFX then starts from the class path without module flags. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            Settings settings = TestEngines.settings(Map.of(IMAGE, 1));
            Settings.Pool pool = settings.pools.get(IMAGE);
            pool.min = 1;
            pool.max = 6;
            WarmpoolServer warmpool = TestEngines.with(settings);
            Console console = ConsoleApp.show(stage, warmpool);
            Scene scene = stage.getScene();
            Thread tour = new Thread(() -> {
                try {
                    PoolSnapshot seen = traffic(warmpool.engine());
                    System.out.println("pool: " + seen.mode() + " " + seen.range() + ", target " + seen.target() + ", "
                            + seen.warmStarts() + " warm, " + seen.coldStarts() + " cold; why: " + seen.targetReason()
                            + "; advice: " + seen.advice().target() + " (" + seen.advice().why() + ")");
                    Files.createDirectories(out);
                    Thread.sleep(2500);
                    ScreenshotTour.onFx(() -> ScreenshotTour.save(scene.snapshot(null), out.resolve("pools-auto.png")));
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    Platform.runLater(() -> {
                        console.close();
                        warmpool.close();
                        Platform.exit();
                    });
                }
            }, "auto-pool-screenshot");
            tour.setDaemon(true);
            tour.start();
        }
    }

    /**
     * Submissions of the python-pytest start point, 40 of them about three a second: the first
     * ones start cold, so the pool grows; then waits until the advice names a target.
     */
    static PoolSnapshot traffic(Engine engine) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!engine.ready() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Path assets = Path.of(System.getProperty("warmpool.assets", "assets"));
        SubmissionFiles files = SubmissionFiles.fromDirectory(assets.resolve("start-points").resolve("python-pytest"),
                ArchiveLimits.defaults());
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            runs.add(engine.run(new RunRequest("auto-" + i, IMAGE, 20, files, false)));
            Thread.sleep(330);
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        PoolSnapshot pool = engine.snapshot().pool(IMAGE);
        while (!pool.advice().applicable() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            pool = engine.snapshot().pool(IMAGE);
        }
        return pool;
    }
}
