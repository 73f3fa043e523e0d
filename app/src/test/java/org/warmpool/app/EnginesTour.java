package org.warmpool.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolSnapshot;
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
import java.util.function.BooleanSupplier;

/**
 * Takes the README's screenshots of several engines: a real console window (under Xvfb) over three
 * real Docker daemons named as Docker contexts, pools spread over them, traffic, then one daemon
 * killed — the Engines tab shows it down with its error, the pool cards show its share moved.
 * {@code assets/scenario/engines-screenshot.sh} starts the extra daemons and the contexts, and runs this.
 *
 * <pre>java -cp "$TEST_CLASSPATH" org.warmpool.app.EnginesTour docs/screenshots /var/run/warmpool-test-8.pid context:a context:b …</pre>
 *
 * @see ScreenshotTour
 */
public final class EnginesTour {
    static Path out;
    static Path killPidFile;
    static List<String> engines;
    static WarmpoolServer warmpool;
    static Console console;

    public static void main(String[] args) {
        out = Path.of(args[0]);
        killPidFile = Path.of(args[1]);
        engines = List.of(args).subList(2, args.length);
        Application.launch(Window.class, args);
    }

    /** Not the main class itself: JavaFX then starts from the class path without module flags. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            tour(stage);
        }
    }

    static void tour(Stage stage) {
        Settings settings = TestEngines.settings(Map.of("warmpool/busybox", 6, "warmpool/bash-shunit2", 2));
        settings.engines = new ArrayList<>(engines);
        warmpool = TestEngines.with(settings);
        console = ConsoleApp.show(stage, warmpool);
        Scene scene = stage.getScene();
        Thread tour = new Thread(() -> {
            int status = 1;
            try {
                Engine engine = warmpool.engine();
                await("the pools fill", 180, () -> engine.snapshot().pools().stream().allMatch(p -> p.ready() >= p.target()));
                traffic(engine, 12);
                String victim = engines.get(engines.size() - 1).replace("context:", "");
                kill(killPidFile);
                await(victim + " marked down", 60, () -> {
                    EngineStatus e = engine.snapshot().engine(victim);
                    return e != null && !e.up();
                });
                traffic(engine, 8); // the others serve on
                await("its share moved", 60, () -> {
                    PoolSnapshot busybox = engine.snapshot().pool("warmpool/busybox");
                    return busybox != null && busybox.ready() >= busybox.target();
                });
                Thread.sleep(6000); // "since … · n s" reads as a while ago, and a frame or two have been drawn
                Files.createDirectories(out);
                photograph(scene, "Engines", "engines.png");
                photograph(scene, "Pools", "engines-pools.png");
                status = 0;
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                int exit = status;
                Platform.runLater(() -> {
                    console.close();
                    warmpool.close();
                    Platform.exit();
                    System.exit(exit);
                });
            }
        }, "engines-tour");
        tour.setDaemon(true);
        tour.start();
    }

    /** Green busybox runs, a few at a time, spread by the engine over the daemons. */
    static void traffic(Engine engine, int runs) throws Exception {
        Path assets = Path.of(System.getProperty("warmpool.assets", "assets"));
        for (int i = 0; i < runs; i += 3) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(runs, i + 3); j++) {
                batch.add(engine.run(new RunRequest("tour-" + j, "warmpool/busybox", 10,
                        ScreenshotTour.startPoint(assets, "busybox", j % 2 == 0 ? "green" : ""), false)));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        }
    }

    static void kill(Path pidFile) throws Exception {
        String pid = Files.readString(pidFile).strip();
        Process p = new ProcessBuilder("kill", "-KILL", pid).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("could not kill dockerd " + pid);
        }
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + seconds + " s");
            }
            Thread.sleep(250);
        }
        System.out.println("engines tour: " + what);
    }

    static void photograph(Scene scene, String tabName, String file) throws InterruptedException {
        ScreenshotTour.onFx(() -> {
            TabPane tabs = (TabPane) scene.lookup("#views");
            Tab tab = tabs.getTabs().stream().filter(t -> t.getText().equals(tabName)).findFirst().orElseThrow();
            tabs.getSelectionModel().select(tab);
        });
        Thread.sleep(2000);
        ScreenshotTour.onFx(() -> ScreenshotTour.save(scene.snapshot(null), out.resolve(file)));
        System.out.println("engines tour: " + out.resolve(file));
    }
}
