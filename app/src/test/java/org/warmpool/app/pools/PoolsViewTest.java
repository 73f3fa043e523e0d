package org.warmpool.app.pools;

import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.TestEngines;
import org.warmpool.app.replay.Fx;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Pools tab on a real engine with real containers, its changes saved as the console saves them. */
@ExtendWith(ApplicationExtension.class)
class PoolsViewTest {
    static final String BUSYBOX = "warmpool/busybox";
    @TempDir
    Path dir;
    Path settingsFile;
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        settingsFile = dir.resolve("config.json");
        warmpool = TestEngines.withPools(Map.of(BUSYBOX, 1), settingsFile);
        console = ConsoleApp.show(stage, warmpool);
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void changingAPoolSizeInTheWindowChangesTheEnginesTargetAndTheReadyCountFollows(FxRobot robot) throws Exception {
        robot.interact(() -> ((TabPane) robot.lookup("#views").query()).getSelectionModel().select(0));
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#target-warmpool-busybox").tryQuery().isPresent());
        Spinner<Integer> target = robot.lookup("#target-warmpool-busybox").queryAs(Spinner.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.snapshot().pool(BUSYBOX).ready() == 1);

        robot.clickOn(target.getEditor()).eraseText(3).write("3").type(KeyCode.ENTER);

        await().atMost(Duration.ofSeconds(60)).until(() -> warmpool.snapshot().pool(BUSYBOX).target() == 3);
        assertThat(Settings.load(settingsFile).pools.get(BUSYBOX).target).as("saved in the settings file").isEqualTo(3);
        Label counts = robot.lookup("#counts-warmpool-busybox").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(Fx.call(counts::getText)).as("what the window shows").startsWith("ready 3 ");
            assertThat(warmpool.snapshot().pool(BUSYBOX).ready()).as("what the engine has").isEqualTo(3);
        });
    }

    @Test
    void prepareAllWaitsForEveryPoolToBeFullAndSaysSo(FxRobot robot) {
        robot.interact(() -> ((TabPane) robot.lookup("#views").query()).getSelectionModel().select(0));
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#prepare-all").tryQuery().isPresent());

        robot.clickOn("#prepare-all");

        Label preparation = robot.lookup("#preparation").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(preparation::getText)
                .equals("all 1 pools full — ready for the workshop"));
        assertThat(Fx.call(() -> robot.lookup("#prepare-cancel").query().isVisible())).as("Cancel, once done").isFalse();
        assertThat(warmpool.snapshot().pool(BUSYBOX).ready()).isEqualTo(1);
    }
}
