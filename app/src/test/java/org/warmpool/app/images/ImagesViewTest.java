package org.warmpool.app.images;

import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.TestEngines;
import org.warmpool.engine.server.WarmpoolServer;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.NodeSnapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Images tab in a real console on the local Docker daemon. */
@ExtendWith(ApplicationExtension.class)
class ImagesViewTest {
    @TempDir
    Path dir;
    Stage stage;
    WarmpoolServer warmpool;
    Console console;
    TabPane tabs;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        warmpool = TestEngines.withPools(Map.of("warmpool/busybox", 1));
        console = ConsoleApp.show(stage, warmpool);
        tabs = (TabPane) stage.getScene().lookup("#views");
    }

    @AfterEach
    void close() {
        // A check in flight when the engine closes would leave its probe container behind.
        ImagesViewModel model = model();
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(() -> !model.checkingProperty().get() && !model.loadingProperty().get()));
        console.close();
        warmpool.close();
    }

    ImagesViewModel model() {
        return (ImagesViewModel) stage.getScene().lookup("#images-view").getProperties().get(ImagesViewModel.class);
    }

    void showImagesTab(FxRobot robot) {
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> t.getText().equals("Images")).findFirst().orElseThrow()));
    }

    Optional<ImageRow> row(String name) {
        return Fx.call(() -> model().rows().stream().filter(r -> r.name().equals(name)).findFirst());
    }

    @Test
    void theDemoImageIsListedAsReadyAndTheOfflinePathIsSpelledOut(FxRobot robot) {
        ImagesViewModel model = model();
        assertThat(Fx.call(() -> model.rows().isEmpty() && !model.listingProperty().get()))
                .as("nothing asked of Docker before the tab is looked at").isTrue();

        showImagesTab(robot);

        await().atMost(Duration.ofSeconds(120)).until(() -> row("warmpool/busybox:latest")
                .map(r -> Fx.call(r::readiness) == ImageRow.Readiness.READY).orElse(false));
        assertThat(robot.lookup("#images-hint").queryAs(Label.class).getText())
                .isEqualTo("Images come from a USB stick: docker save on a connected machine, Load image… here.");
        await().atMost(Duration.ofSeconds(60)).until(() -> Fx.call(() -> row("warmpool/busybox:latest").orElseThrow().poolProperty().get())
                .startsWith("pool · "));
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(() -> !model.checkingProperty().get()));
        assertThat(robot.lookup("#images-table .readiness-ready").tryQuery()).as("a green 'ready' badge").isPresent();
        NodeSnapshots.save(stage.getScene().getRoot(), "images");
    }

    @Test
    void aFileThatIsNoImageIsRefusedInDockersWords(FxRobot robot) throws Exception {
        showImagesTab(robot);
        Path notAnImage = Files.writeString(dir.resolve("holiday.tar"), "these are not the layers you are looking for\n".repeat(100));

        robot.interact(() -> model().load(List.of(notAnImage)));

        await().atMost(Duration.ofSeconds(60)).until(() -> !Fx.call(() -> model().loadErrorProperty().get()).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#images-load-error").queryAs(Label.class);
        assertThat(error.getText()).startsWith("Not loaded: holiday.tar: Docker could not load this file as an image");
        assertThat(error.isVisible()).isTrue();
        NodeSnapshots.save(stage.getScene().getRoot(), "images-load-refused");
    }

    @Test
    void aDockerSaveTarballLoadsWithProgressAndTheListSaysWhatItHeld(FxRobot robot) throws Exception {
        Path tarball = dir.resolve("busybox.tar");
        Process save = new ProcessBuilder("docker", "save", "-o", tarball.toString(), "warmpool/busybox").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(save.waitFor() == 0, "the docker CLI can save the demo image");
        showImagesTab(robot);
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> model().loadTextProperty().addListener((o, was, now) -> progress.add(now)));

        robot.interact(() -> model().load(List.of(tarball)));

        await().atMost(Duration.ofSeconds(120)).until(() -> !Fx.call(() -> model().loadMessageProperty().get()).isEmpty());
        assertThat(Fx.call(() -> model().loadErrorProperty().get())).isEmpty();
        assertThat(Fx.call(() -> model().loadMessageProperty().get()))
                .isEqualTo("Loaded busybox.tar. It held no new image names: those images were already here (now updated).");
        assertThat(progress).as("bytes read of the total").anyMatch(t -> t.matches("busybox\\.tar · [\\d.]+ [kM]?B of [\\d.]+ MB.*"));
        await().atMost(Duration.ofSeconds(120)).until(() -> row("warmpool/busybox:latest")
                .map(r -> Fx.call(r::readiness) == ImageRow.Readiness.READY).orElse(false));
    }
}
