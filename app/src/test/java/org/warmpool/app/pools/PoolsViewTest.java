package org.warmpool.app.pools;

import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.TestContexts;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Pools tab on a real engine with real containers. */
@ExtendWith(ApplicationExtension.class)
class PoolsViewTest {
    static final String BUSYBOX = "warmpool/busybox";
    ConsoleContext context;

    @Start
    void start(Stage stage) {
        context = TestContexts.withPools(Map.of(BUSYBOX, 1));
        ConsoleApp.show(stage, context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void changingAPoolSizeInTheWindowChangesTheEnginesTargetAndTheReadyCountFollows(FxRobot robot) {
        robot.interact(() -> ((TabPane) robot.lookup("#views").query()).getSelectionModel().select(0));
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#target-warmpool-busybox").tryQuery().isPresent());
        Spinner<Integer> target = robot.lookup("#target-warmpool-busybox").queryAs(Spinner.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> context.engine().snapshot().pool(BUSYBOX).ready() == 1);

        robot.clickOn(target.getEditor()).eraseText(3).write("3").type(KeyCode.ENTER);

        assertThat(context.engine().snapshot().pool(BUSYBOX).target()).as("the engine's target").isEqualTo(3);
        assertThat(context.settings().pools.get(BUSYBOX).target).as("saved in the settings").isEqualTo(3);
        Label counts = robot.lookup("#counts-warmpool-busybox").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(counts.getText()).as("what the window shows").startsWith("ready 3 ");
            assertThat(context.engine().snapshot().pool(BUSYBOX).ready()).as("what the engine has").isEqualTo(3);
        });
    }
}
