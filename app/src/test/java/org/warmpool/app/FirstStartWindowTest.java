package org.warmpool.app;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.replay.NodeSnapshots;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console on a fresh machine: pools for the demo images start by themselves, and the status bar says so. */
@ExtendWith(ApplicationExtension.class)
class FirstStartWindowTest {
    static final Duration CEILING = Duration.ofSeconds(180);
    static final List<String> DEMO_IMAGES = FirstStart.DEMO_IMAGES;

    @TempDir
    Path dir;
    Path settingsFile;
    WarmpoolServer warmpool;
    Console console;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        settingsFile = dir.resolve("warmpool").resolve("config.json");
        warmpool = TestEngines.firstStart(settingsFile);
        console = ConsoleApp.show(stage, warmpool);
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void theStatusBarSaysPoolsWereStartedForTheDemoImagesAndTheyAreSaved(FxRobot robot) throws Exception {
        Label status = robot.lookup("#first-start").queryAs(Label.class);
        await("the first start's word in the status bar").atMost(CEILING).until(() -> status.getText().contains("started pools"));

        int n = FirstStart.targetForThisMachine();
        assertThat(status.getText()).as("status bar").startsWith("First start: started pools for "
                + "warmpool/busybox, warmpool/python-pytest, warmpool/bash-shunit2").contains("(" + n + " ready each)")
                .endsWith("— saved in the settings");
        assertThat(status.isVisible()).as("visible").isTrue();
        assertThat(status.getTooltip().getText()).as("tooltip").startsWith("First start: no settings file, so pools for "
                + "warmpool/busybox=" + n + ", warmpool/python-pytest=" + n + ", warmpool/bash-shunit2=" + n)
                .contains("edit or remove them in " + settingsFile);

        // said as the choice is made; the engine writes it the same moment
        await("the pools in the settings file").atMost(CEILING).until(() -> FirstStartConsoleTest.savedWith(settingsFile, DEMO_IMAGES));
        Settings saved = Settings.load(settingsFile);
        assertThat(saved.pools).as("pools in the saved settings").containsKeys(DEMO_IMAGES.toArray(String[]::new));
        assertThat(saved.pools.get("warmpool/busybox").target).isEqualTo(n);
        assertThat(FirstStart.reason(saved)).as("a first start at the next start").isEmpty();

        await("a ready container in each demo pool").atMost(CEILING).until(() -> warmpool.snapshot().pools().stream()
                .filter(p -> DEMO_IMAGES.contains(p.image())).filter(p -> p.ready() >= 1).count() == DEMO_IMAGES.size());
        NodeSnapshots.save(stage.getScene().getRoot(), "first-start"); // to look at: the status bar with the first start's word

        robot.clickOn("#first-start-dismiss");
        assertThat(robot.lookup("#first-start-line").query().isVisible()).as("the line after Dismiss").isFalse();
        assertThat(warmpool.snapshot().pools()).as("pools after Dismiss").hasSizeGreaterThanOrEqualTo(DEMO_IMAGES.size());
    }
}
