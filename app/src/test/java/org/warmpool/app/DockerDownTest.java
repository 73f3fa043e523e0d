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

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ApplicationExtension.class)
class DockerDownTest {
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        warmpool = TestEngines.withoutDocker();
        console = ConsoleApp.show(stage, warmpool);
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void whenDockerIsNotInstalledTheWindowSaysWhatToInstall(FxRobot robot) {
        Label banner = robot.lookup("#docker-banner").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(60)).until(banner::isVisible);
        assertThat(banner.getText()).contains("Docker is not installed or not running")
                .contains("sudo apt-get install docker.io").contains("recovers by itself");
    }
}
