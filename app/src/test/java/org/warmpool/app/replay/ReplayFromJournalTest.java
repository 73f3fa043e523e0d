package org.warmpool.app.replay;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.gateway.Replies;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
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
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.replay.SubmissionClient;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Replay tab replays a journal selection through the console's own WebSocket, like a client. */
@ExtendWith(ApplicationExtension.class)
class ReplayFromJournalTest {
    static final String IMAGE = "warmpool/busybox";

    @TempDir
    Path dir;
    Stage stage;
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Settings settings = TestEngines.settings(Map.of(IMAGE, 1));
        settings.journal.enabled = true;
        settings.journal.file = dir.resolve("journal.db").toString();
        warmpool = TestEngines.with(settings);
        console = ConsoleApp.show(stage, warmpool);
        TabPane tabs = (TabPane) stage.getScene().lookup("#views");
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Replay")).findFirst().orElseThrow());
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    @Test
    void aJournalSelectionReplaysWithItsColoursAndIsJournaledAgain(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());
        try (SubmissionClient client = SubmissionClient.connect(warmpool.addresses().localWebSocket().orElseThrow(), null)) {
            assertThat(client.submit("kata-1", IMAGE, 10, false, TarPacker.tgz(StartPoints.red())).reply()
                    .get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(Replies.Result.class,
                    r -> assertThat(r.result().outcome()).isEqualTo(Outcome.RED));
            assertThat(client.submit("kata-2", IMAGE, 10, false, TarPacker.tgz(StartPoints.green())).reply()
                    .get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(Replies.Result.class,
                    r -> assertThat(r.result().outcome()).isEqualTo(Outcome.GREEN));
        }
        ReplayViewModel model = (ReplayViewModel) stage.getScene().lookup("#replay-view").getProperties().get(ReplayViewModel.class);
        assertThat(robot.lookup("#replay-journal-filter").query().isVisible()).as("the journal row shows when recording").isTrue();

        robot.clickOn("#replay-journal-filter").write("image=" + IMAGE);
        robot.clickOn("#replay-add-journal");

        await().atMost(Duration.ofSeconds(60)).until(() -> Fx.call(() -> model.submissions().items().size() == 2));
        assertThat(Fx.call(() -> model.submissions().items().stream().map(ReplaySubmission::state).toList()))
                .allMatch(state -> state.startsWith("3 files"));
        assertThat(Fx.call(() -> model.submissions().items().stream().map(ReplaySubmission::name).toList()))
                .containsExactly("00000001-kata-1  · was red", "00000002-kata-2  · was green");
        robot.clickOn("#replay-run");
        await().atMost(Duration.ofSeconds(120)).until(() -> Fx.call(() -> model.results().rows().size() == 2
                && model.results().rows().stream().allMatch(ReplayRow::finished)));

        assertThat(Fx.call(() -> model.results().summaryProperty().get())).startsWith("2 runs: 1 red · 1 green").doesNotContain("changed");
        // through the gateway: the replays were journaled like any client's runs
        assertThat(warmpool.journal().find(JournalFilter.parse("image=" + IMAGE), 100)).hasSize(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> Fx.call(() ->
                robot.lookup("#journal-status").queryAs(Label.class).getText()).startsWith("Journal 4 runs · "));
    }

    @Test
    void aFilterItCannotReadIsExplained(FxRobot robot) {
        ReplayViewModel model = (ReplayViewModel) stage.getScene().lookup("#replay-view").getProperties().get(ReplayViewModel.class);

        robot.clickOn("#replay-journal-filter").write("colour=red");
        robot.clickOn("#replay-add-journal");

        assertThat(Fx.call(() -> model.submissions().noticeProperty().get())).contains("unknown filter key \"colour\"");
        assertThat(Fx.call(() -> model.submissions().items().size())).isZero();
    }
}
