package org.warmpool.app.engines;

import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.MainWindow;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.EngineEvent;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.engines.EngineSnapshots.SIX_PM;
import static org.warmpool.app.engines.EngineSnapshots.at;
import static org.warmpool.app.engines.EngineSnapshots.down;
import static org.warmpool.app.engines.EngineSnapshots.lacking;
import static org.warmpool.app.engines.EngineSnapshots.up;

/** The Engines tab with three engines, one down, in both themes: up reads green, down red, in the theme's own colours. */
@ExtendWith(ApplicationExtension.class)
class EnginesViewLooksTest {
    Stage stage;
    EnginesViewModel model;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new EnginesViewModel(ZoneOffset.UTC);
        ViewLooks.show(stage, new EnginesView(model).root(), "light");
    }

    @AfterEach
    void light() {
        javafx.application.Platform.runLater(() -> MainWindow.applyTheme("light"));
    }

    void threeEnginesOneDown(FxRobot robot) {
        String refused = "Cannot connect to the Docker daemon at unix:///var/run/warmpool-test-8.sock. Is the docker daemon running?";
        robot.interact(() -> model.update(at(95, List.of(), up("this-laptop", "context:this-laptop", 3, 1, 0.8, 52),
                        lacking(up("lab-pc-2", "context:lab-pc-2", 3, 0, 0.6, 41), "warmpool/bash-shunit2"),
                        down("lab-pc-3", "context:lab-pc-3", refused, 17)),
                List.of(new EngineEvent.EngineDown(SIX_PM.plusSeconds(60), "lab-pc-3", refused))));
    }

    Color badge(FxRobot robot, String engine) {
        return Fx.call(() -> (Color) robot.lookup("#engine-health-" + engine).queryAs(Label.class).getBackground().getFills().get(0)
                .getFill());
    }

    @Test
    void threeEnginesOneDownInTheLightTheme(FxRobot robot) {
        threeEnginesOneDown(robot);

        Color up = badge(robot, "this-laptop");
        Color down = badge(robot, "lab-pc-3");
        assertThat(up.getGreen()).as("up is green").isGreaterThan(up.getRed());
        assertThat(down.getRed()).as("down is red").isGreaterThan(down.getGreen());
        assertThat(Fx.call(() -> robot.lookup("#engine-missing-lab-pc-2").queryAs(Label.class).isVisible())).isTrue();
        ViewLooks.photograph(stage, "engines-three-one-down");
    }

    @Test
    void andInTheDarkTheme(FxRobot robot) {
        robot.interact(() -> MainWindow.applyTheme("dark"));
        threeEnginesOneDown(robot);

        assertThat(badge(robot, "this-laptop")).as("the dark theme's own green").isNotEqualTo(Color.TRANSPARENT);
        ViewLooks.photograph(stage, "engines-three-one-down-dark");
    }
}
