package org.warmpool.app.about;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.TestEngines;
import org.warmpool.engine.server.WarmpoolServer;
import org.warmpool.engine.api.BuildInfo;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ApplicationExtension.class)
class AboutDialogTest {
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
    void theAboutButtonOpensTheBoxWithTheBuildJavaFxAndTheDockerEngine(FxRobot robot) {
        assertThat(stage.getIcons()).as("window icon").hasSize(1);
        robot.clickOn("#about-button");

        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#about-version").tryQuery().isPresent());
        BuildInfo build = BuildInfo.current();
        assertThat(text(robot, "#about-version")).isEqualTo(build.version());
        assertThat(text(robot, "#about-commit")).startsWith(build.commit());
        assertThat(text(robot, "#about-javafx")).startsWith("21.");
        assertThat(text(robot, "#about-java")).startsWith(System.getProperty("java.runtime.version"));
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#about-docker").startsWith("Docker "));

        robot.clickOn("#about-close");
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#about-version").tryQuery().isEmpty());
    }

    @Test
    void f1OpensItAndEscapeClosesIt(FxRobot robot) {
        robot.clickOn("#product-name");
        robot.type(KeyCode.F1);
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#about-dialog").tryQuery().isPresent());

        robot.type(KeyCode.ESCAPE);
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#about-dialog").tryQuery().isEmpty());
    }

    static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }
}
