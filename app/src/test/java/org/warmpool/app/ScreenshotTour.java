package org.warmpool.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.server.WarmpoolServer;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.gateway.Protocol;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.ThrottleLimits;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Takes the README's screenshots: a real console window (run under Xvfb, not Monocle) on real
 * pools with real traffic, one PNG per view, into docs/screenshots/.
 *
 * <pre>xvfb-run -a -s "-screen 0 1280x800x24" java -cp "$TEST_CLASSPATH" org.warmpool.app.ScreenshotTour docs/screenshots</pre>
 */
public final class ScreenshotTour {
    static final String TOKEN = "dojo-1129";
    static Path out;
    static WarmpoolServer warmpool;
    static Console console;

    public static void main(String[] args) {
        out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
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
        // on the network with a token and a journal, as a workshop runs it: the Room tab shows the way in
        org.warmpool.engine.config.Settings settings = TestEngines.settings(
                Map.of("warmpool/python-pytest", 2, "warmpool/busybox", 2, "warmpool/bash-shunit2", 1));
        settings.bind = "0.0.0.0";
        settings.token = TOKEN;
        settings.journal.enabled = true;
        try {
            settings.journal.file = Files.createTempDirectory("warmpool-tour").resolve("journal.db").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        warmpool = TestEngines.with(settings);
        console = ConsoleApp.show(stage, warmpool);
        Scene scene = stage.getScene();
        Thread tour = new Thread(() -> {
            try {
                traffic();
                roomTraffic();
                Files.createDirectories(out);
                TabPane tabs = (TabPane) scene.lookup("#views");
                String[] names = {"pools", "lifetimes", "throttling", "replay", "room", "images"};
                for (int i = 0; i < names.length; i++) {
                    int index = i;
                    onFx(() -> tabs.getSelectionModel().select(index));
                    if (names[i].equals("room")) {
                        openALight(scene);
                    }
                    Thread.sleep(2500);
                    onFx(() -> save(scene.snapshot(null), out.resolve(names[index] + ".png")));
                    if (names[i].equals("room")) {
                        onFx(() -> save(scene.lookup("#room-way-in").snapshot(null, null), out.resolve("room-way-in.png")));
                    }
                }
                busyMinutes(scene, tabs);
                prepareAll(scene, tabs);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> {
                    console.close();
                    warmpool.close();
                    Platform.exit();
                });
            }
        }, "tour");
        tour.setDaemon(true);
        tour.start();
    }

    /** A few minutes of workshop in a few seconds: runs of every colour, some throttled. */
    static void traffic() throws Exception {
        Engine engine = warmpool.engine();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!engine.ready() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Path assets = Path.of(System.getProperty("warmpool.assets", "assets"));
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (String image : List.of("python-pytest", "busybox", "bash-shunit2")) {
            for (String variant : List.of("", "amber", "green")) {
                SubmissionFiles files = startPoint(assets, image, variant);
                runs.add(engine.run(new RunRequest(image + "-" + variant, "warmpool/" + image, 10, files, false)));
                Thread.sleep(300);
            }
        }
        runs.add(engine.run(new RunRequest("loop", "warmpool/busybox", 2,
                SubmissionFiles.of(Map.of("cyber-dojo.sh", "while :; do :; done".getBytes())), false)));
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        engine.setLimits(engine.admission().limits().withRate(1, 1));
        byte[] tgz = TarPacker.tgz(startPoint(assets, "busybox", "green"));
        CountDownLatch replies = new CountDownLatch(4);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(warmpool.addresses().localWebSocket().orElseThrow(),
                new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        replies.countDown();
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            ws.sendBinary(Protocol.submission("ws-" + i, "warmpool/busybox", 10, false, tgz), true).get();
        }
        replies.await(30, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        engine.setLimits(ThrottleLimits.defaults());
    }

    /**
     * A busy minute: a few hundred runs, up to four a second and six at a time, on a pool grown to
     * six; then the Lifetimes tab zoomed into the last minute of it.
     */
    static void busyMinutes(Scene scene, TabPane tabs) throws Exception {
        Engine engine = warmpool.engine();
        engine.setTarget("warmpool/busybox", 6);
        Path assets = Path.of(System.getProperty("warmpool.assets", "assets"));
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(6);
        List<CompletableFuture<?>> runs = new ArrayList<>();
        String[] variants = {"", "amber", "green", "green"};
        SubmissionFiles[] files = new SubmissionFiles[variants.length];
        for (int v = 0; v < variants.length; v++) {
            files[v] = startPoint(assets, "busybox", variants[v]);
        }
        for (int i = 0; i < Integer.getInteger("tour.busy.runs", 240); i++) {
            slots.acquire();
            Thread.sleep(250); // four a second at most: a busy minute, not a burst of seconds
            runs.add(engine.run(new RunRequest("busy-" + i, "warmpool/busybox", 10, files[i % files.length], false))
                    .whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        onFx(() -> tabs.getSelectionModel().select(1));
        org.warmpool.app.lifetimes.LifetimesViewModel lifetimes = (org.warmpool.app.lifetimes.LifetimesViewModel)
                tabs.getTabs().get(1).getContent().getProperties().get(org.warmpool.app.lifetimes.LifetimesViewModel.class);
        Thread.sleep(1000);
        onFx(() -> lifetimes.setWindow(java.time.Duration.ofMinutes(1)));
        Thread.sleep(2500);
        onFx(() -> save(scene.snapshot(null), out.resolve("lifetimes-zoomed.png")));
    }

    /** The Pools tab while "Prepare all" brings grown pools to their targets. */
    static void prepareAll(Scene scene, TabPane tabs) throws Exception {
        onFx(() -> tabs.getSelectionModel().select(0));
        org.warmpool.app.pools.PoolsViewModel pools = (org.warmpool.app.pools.PoolsViewModel)
                tabs.getTabs().get(0).getContent().getProperties().get(org.warmpool.app.pools.PoolsViewModel.class);
        onFx(() -> {
            pools.setTarget("warmpool/python-pytest", 6);
            pools.setTarget("warmpool/bash-shunit2", 4);
            pools.prepareAll();
        });
        Thread.sleep(Long.getLong("tour.prepare.millis", 800));
        onFx(() -> save(scene.snapshot(null), out.resolve("prepare-all.png")));
    }

    /** A workshop in the room: participants working through red, amber and green, some stuck, one over cyber-dojo's HTTP API. */
    static void roomTraffic() throws Exception {
        Path assets = Path.of(System.getProperty("warmpool.assets", "assets"));
        java.net.URI ws = warmpool.addresses().localWebSocket().orElseThrow();
        String[][] plans = {
                {"ada", "red amber red green red green"},
                {"alan", "red red amber amber amber"},
                {"barbara", "red green red green green"},
                {"edsger", "red amber green"},
                {"grace", "red red red red"},
                {"ken", "amber red green red green red"},
                {"margaret", "red green"},
                {"niklaus", "red amber amber red"}};
        for (String[] plan : plans) {
            try (org.warmpool.app.room.RoomTraffic client = org.warmpool.app.room.RoomTraffic.connect(ws, TOKEN)) {
                int n = 0;
                for (String colour : plan[1].split(" ")) {
                    String image = plan[0].startsWith("b") ? "python-pytest" : "busybox";
                    client.submit(plan[0], plan[0] + "-" + n++, "warmpool/" + image,
                            startPoint(assets, image, colour.equals("red") ? "" : colour));
                }
            }
        }
        java.net.URI http = java.net.URI.create("http://127.0.0.1:" + warmpool.addresses().http().orElseThrow().getPort());
        for (String colour : List.of("", "amber", "green")) {
            org.warmpool.app.room.RoomTraffic.runCyberDojoSh(http, TOKEN, "kata-5U2J18", "warmpool/busybox", startPoint(assets, "busybox", colour));
        }
    }

    /** Opens the second light of the first participant, as a click would, and waits until its run is read. */
    static void openALight(Scene scene) throws InterruptedException {
        org.warmpool.app.room.RoomViewModel room = (org.warmpool.app.room.RoomViewModel) scene.lookup("#room-view").getProperties()
                .get(org.warmpool.app.room.RoomViewModel.class);
        onFx(room::update);
        onFx(() -> {
            org.warmpool.app.room.ParticipantRow first = room.rows().get(0);
            room.detail().open(first.rowProperty().get().lights().get(1), first.name());
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean[] read = new boolean[1];
            onFx(() -> read[0] = room.detail().runProperty().get() != null);
            if (read[0]) {
                return;
            }
            Thread.sleep(100);
        }
    }

    static SubmissionFiles startPoint(Path assets, String image, String variant) throws Exception {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(
                SubmissionFiles.fromDirectory(assets.resolve("start-points").resolve(image), ArchiveLimits.defaults()).asMap());
        if (!variant.isEmpty()) {
            files.putAll(SubmissionFiles.fromDirectory(assets.resolve("variants").resolve(image).resolve(variant),
                    new ArchiveLimits(1 << 21, 1 << 24, 500, 255, 16)).asMap());
        }
        return SubmissionFiles.of(files);
    }

    public static void onFx(Runnable action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                action.run();
            } finally {
                done.countDown();
            }
        });
        done.await(10, TimeUnit.SECONDS);
    }

    /** Writes a JavaFX image as PNG without javafx-swing. */
    public static void save(WritableImage image, Path file) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                buffered.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            ImageIO.write(buffered, "png", new File(file.toString()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
