package org.warmpool.app;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.engine.server.WarmpoolServer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    Stage stage;
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        warmpool = TestEngines.withPools(Map.of());
        console = ConsoleApp.show(stage, warmpool);
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void theWindowShowsTheProductNameTheViewsAndWhereClientsConnect(FxRobot robot) {
        assertThat(stage.getTitle()).isEqualTo("Warmpool");
        assertThat(robot.lookup("#product-name").queryAs(Label.class).getText()).isEqualTo("Warmpool");
        assertThat(stage.getScene().getWidth()).isEqualTo(1280);
        assertThat(stage.getScene().getHeight()).isEqualTo(800);
        for (String tab : new String[]{"Pools", "Lifetimes", "Throttling", "Replay", "Images", "Engines"}) {
            assertThat(robot.lookup(".tab-label").queryAll()).as("tab " + tab)
                    .anyMatch(n -> n instanceof Label l && l.getText().equals(tab));
        }
        assertThat(robot.lookup("#status-bar .label").queryAll())
                .anyMatch(n -> ((Label) n).getText().matches("WebSocket  ws://127\\.0\\.0\\.1:\\d+/"))
                .anyMatch(n -> ((Label) n).getText().matches("HTTP  http://127\\.0\\.0\\.1:\\d+"));
        assertThat(robot.lookup("#docker-banner").queryAs(Label.class).isVisible()).as("Docker banner while Docker answers").isFalse();
    }

    @Test
    void theEnginesTabShowsTheLocalDockerEngineUpWithWhatItIs(FxRobot robot) {
        // docker info is asked in the background: its figures arrive in a frame soon after the start
        org.awaitility.Awaitility.await().until(() -> {
            robot.interact(() -> console.pump().frame());
            return !robot.lookup("#engine-capacity-local").queryAs(Label.class).getText().contains("not known");
        });

        assertThat(robot.lookup("#engine-health-local").queryAs(Label.class).getText()).isEqualTo("up");
        assertThat(robot.lookup("#engine-uri-local").queryAs(Label.class).getText())
                .isEqualTo(org.warmpool.app.engines.EngineRow.LOCAL);
        assertThat(robot.lookup("#engine-version-local").queryAs(Label.class).getText()).matches("Docker \\d+\\..*");
        assertThat(robot.lookup("#engine-capacity-local").queryAs(Label.class).getText()).matches("\\d+ cores? · [\\d.]+ [GM]B");
        assertThat(robot.lookup("#engines-summary").queryAs(Label.class).getText()).startsWith("1 engine · 1 up · ");
    }
}
