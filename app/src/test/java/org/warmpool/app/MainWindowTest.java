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
        for (String tab : new String[]{"Pools", "Lifetimes", "Throttling", "Replay", "Images"}) {
            assertThat(robot.lookup(".tab-label").queryAll()).as("tab " + tab)
                    .anyMatch(n -> n instanceof Label l && l.getText().equals(tab));
        }
        assertThat(robot.lookup("#status-bar .label").queryAll())
                .anyMatch(n -> ((Label) n).getText().matches("WebSocket  ws://127\\.0\\.0\\.1:\\d+/"))
                .anyMatch(n -> ((Label) n).getText().matches("HTTP  http://127\\.0\\.0\\.1:\\d+"));
        assertThat(robot.lookup("#docker-banner").queryAs(Label.class).isVisible()).as("Docker banner while Docker answers").isFalse();
    }
}
