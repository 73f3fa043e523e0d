package org.warmpool.app.images;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.MainWindow;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Images tab with every kind of image and a load under way, without Docker: for the eye. */
@ExtendWith(ApplicationExtension.class)
class ImagesViewLooksTest {
    @TempDir
    Path dir;
    Stage stage;
    ImagesViewModel model;
    final CountDownLatch release = new CountDownLatch(1);

    final Images docker = new Images() {
        final long now = Instant.now().getEpochSecond();

        @Override
        public List<LocalImage> list() {
            return List.of(
                    new LocalImage("sha256:4321231d29af0000", List.of("warmpool/busybox:latest"), 1_990_000, now - 3 * 3600),
                    new LocalImage("sha256:8a66babff9740000", List.of("warmpool/python-pytest:latest"), 136_000_000, now - 3 * 3600),
                    new LocalImage("sha256:aa8042120e620000", List.of("warmpool/bash-shunit2:latest"), 93_400_000, now - 3 * 3600),
                    new LocalImage("sha256:77de2ad7a1c30000", List.of("debian:12", "debian:bookworm"), 116_500_000, now - 40L * 86400),
                    new LocalImage("sha256:0b1f7a5e33c90000", List.of("cyberdojo/ruby-minitest:b1f7a5e"), 412_000_000, now - 9L * 86400),
                    new LocalImage("sha256:c0ffee00c0ff0000", List.of(), 5_300_000, now - 600));
        }

        @Override
        public ImageCheck check(String image) {
            if (image.startsWith("warmpool/")) {
                return new ImageCheck(image, true, List.of());
            }
            if (image.startsWith("cyberdojo/")) {
                throw new IllegalStateException("the probe container would not start: no space left on device");
            }
            return new ImageCheck(image, false, List.of("no sandbox user with uid 41966 in /etc/passwd",
                    "no traffic-light rule at /usr/local/bin/red_amber_green.rb"));
        }

        @Override
        public Load load(Path tarball, LongConsumer progress) {
            return new Load() {
                @Override
                public CompletableFuture<Void> done() {
                    return CompletableFuture.runAsync(() -> {
                        try {
                            progress.accept(Files.size(tarball) * 37 / 100);
                            release.await(60, TimeUnit.SECONDS);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }

                @Override
                public void cancel() {
                    release.countDown();
                }
            };
        }
    };

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new ImagesViewModel(docker, javafx.application.Platform::runLater, Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "images-looks");
            t.setDaemon(true);
            return t;
        }));
        ViewLooks.show(stage, new ImagesView(model).root(), "light");
    }

    @AfterEach
    void done() {
        release.countDown();
        javafx.application.Platform.runLater(() -> MainWindow.applyTheme("light"));
    }

    void loadUnderWay(FxRobot robot) throws IOException {
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(() -> model.rows().size() == 7 && !model.checkingProperty().get()));
        Path tarball = Files.write(dir.resolve("python-pytest.tar"), new byte[146_614]);
        robot.interact(() -> model.load(List.of(tarball)));
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(() -> model.loadTextProperty().get()).contains(" of "));
    }

    @Test
    void everyKindOfImageWithALoadUnderWay(FxRobot robot) throws IOException {
        loadUnderWay(robot);
        assertThat(Fx.call(() -> model.loadTextProperty().get())).isEqualTo("python-pytest.tar · 54.2 kB of 146.6 kB");
        ViewLooks.photograph(stage, "images-all-kinds");
    }

    @Test
    void andInTheDarkTheme(FxRobot robot) throws IOException {
        robot.interact(() -> MainWindow.applyTheme("dark"));
        loadUnderWay(robot);
        ViewLooks.photograph(stage, "images-all-kinds-dark");
    }
}
