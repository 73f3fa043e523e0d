package org.warmpool.app.lifetimes;

import javafx.scene.control.TabPane;
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
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.server.WarmpoolServer;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Lifetimes tab on a real engine: real runs become bars with their outcome. */
@ExtendWith(ApplicationExtension.class)
class LifetimesViewTest {
    WarmpoolServer warmpool;
    Console console;
    LifetimesViewModel model;

    @Start
    void start(Stage stage) {
        warmpool = TestEngines.withPools(Map.of("warmpool/busybox", 1));
        console = ConsoleApp.show(stage, warmpool);
        TabPane tabs = (TabPane) stage.getScene().lookup("#views");
        tabs.getSelectionModel().select(1);
        model = (LifetimesViewModel) tabs.getTabs().get(1).getContent().getProperties().get(LifetimesViewModel.class);
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void realRunsBecomeBarsWithTheirOutcomeAndTheOutcomeFilterHidesThem(FxRobot robot) throws Exception {
        SubmissionFiles green = SubmissionFiles.of(Map.of("cyber-dojo.sh", "echo hi".getBytes()));
        RunResult first = warmpool.engine().run(new RunRequest("a", "warmpool/busybox", 5, green, false)).join();
        RunResult second = warmpool.engine().run(new RunRequest("b", "warmpool/busybox", 5, green, false)).join();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(model.shownProperty().get())
                .filteredOn(l -> l.id().equals(first.containerId()) || l.id().equals(second.containerId()))
                .extracting(ContainerLife::outcome).containsExactly(Outcome.GREEN, Outcome.GREEN));

        robot.clickOn("#lifetimes-outcome");
        // the item in the open list, not some other "red" on the screen (a legend, a bar's label)
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match((javafx.scene.control.ListCell<?> c) -> "red".equals(c.getText()))
                .<javafx.scene.Node>query());
        assertThat(model.outcomeFilterProperty().get()).as("the outcome chosen").isEqualTo(Outcome.RED);
        // the filter applies with the view's next batch of events
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(model.shownProperty().get())
                .as("bars shown once only red runs are asked for")
                .noneMatch(l -> l.id().equals(first.containerId()) || l.id().equals(second.containerId())));
    }
}
