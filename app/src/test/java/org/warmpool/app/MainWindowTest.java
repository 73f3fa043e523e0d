package org.warmpool.app;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new ConsoleApp().start(stage);
    }

    @Test
    void theWindowShowsTheProductName(FxRobot robot) {
        assertThat(stage.getTitle()).isEqualTo("Warmpool");
        assertThat(robot.lookup("#product-name").queryAs(Label.class).getText()).isEqualTo("Warmpool");
        Scene scene = stage.getScene();
        assertThat(scene.getWidth()).isEqualTo(1280);
        assertThat(scene.getHeight()).isEqualTo(800);
    }
}
