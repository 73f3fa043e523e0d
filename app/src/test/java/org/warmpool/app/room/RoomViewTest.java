package org.warmpool.app.room;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.Palette;
import org.warmpool.app.TestEngines;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ReplaySubmission;
import org.warmpool.app.replay.ReplayViewModel;
import org.warmpool.app.replay.StartPoints;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.server.WarmpoolServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Room tab in a real console on a real busybox pool: three participants press Test red, amber,
 * green (two over the WebSocket, one as a cyber-dojo kata over HTTP); their rows show three lights
 * each, in order; "stuck only" keeps the one left red; a clicked light opens its run, which can go
 * to Replay.
 */
@ExtendWith(ApplicationExtension.class)
class RoomViewTest {
    static final String IMAGE = "warmpool/busybox";

    @TempDir
    static Path dir;
    static WarmpoolServer warmpool;
    Stage stage;
    Console console;

    /** Before the window: starting an engine takes a while, and the window's set-up has a time limit of its own. */
    @BeforeAll
    static void startWarmpool() {
        Settings settings = TestEngines.settings(Map.of(IMAGE, 2));
        settings.journal.enabled = true;
        settings.journal.file = dir.resolve("journal.db").toString();
        warmpool = TestEngines.with(settings);
    }

    @AfterAll
    static void closeWarmpool() {
        if (warmpool != null) {
            warmpool.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        console = ConsoleApp.show(stage, warmpool);
        TabPane tabs = (TabPane) stage.getScene().lookup("#views");
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Room")).findFirst().orElseThrow());
    }

    @AfterEach
    void close() {
        console.close();
    }

    static SubmissionFiles colour(String colour) {
        return switch (colour) {
            case "red" -> StartPoints.red();
            case "amber" -> StartPoints.amber();
            default -> StartPoints.green();
        };
    }

    /** The colours of each row's squares, as drawn. */
    List<String> rowsAsDrawn(FxRobot robot) {
        return Fx.call(() -> robot.lookup(".participant-cell").queryAll().stream()
                .filter(cell -> ((javafx.scene.control.ListCell<?>) cell).getItem() != null)
                .map(cell -> ((Label) cell.lookup(".participant-name")).getText() + ": " + String.join(" ",
                        cell.lookupAll(".room-light").stream().map(RoomViewTest::outcomeOf).toList()))
                .sorted().toList());
    }

    static String outcomeOf(javafx.scene.Node square) {
        for (Outcome o : Outcome.values()) {
            if (square.getStyleClass().contains(Palette.styleClass(o))) {
                return o.wireName();
            }
        }
        return "?";
    }

    @Test
    void threeParticipantsLightsFilterStuckAndOpenARun(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());
        try (RoomTraffic ws = RoomTraffic.connect(warmpool.addresses().localWebSocket().orElseThrow())) {
            for (String c : List.of("red", "amber", "green")) {
                assertThat(ws.submit("alice", "a-" + c, IMAGE, colour(c))).isEqualTo(c);
                assertThat(ws.submit("bob", "b-" + c, IMAGE, colour(c))).isEqualTo(c);
                assertThat(RoomTraffic.runCyberDojoSh(warmpool.addresses().http().orElseThrow(), "carol", IMAGE, colour(c))).isEqualTo(c);
            }
            assertThat(ws.submit("bob", "b-red-again", IMAGE, colour("red"))).isEqualTo("red");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> rowsAsDrawn(robot).size() == 3
                && rowsAsDrawn(robot).get(1).endsWith("red"));
        assertThat(rowsAsDrawn(robot)).containsExactly("alice: red amber green", "bob: red amber green red", "carol: red amber green");
        assertThat(robot.lookup("#room-summary").queryAs(Label.class).getText()).startsWith("3 participants · 10 lights");

        // stuck only, with 0 minutes: whoever is red or amber now
        RoomViewModel model = (RoomViewModel) stage.getScene().lookup("#room-view").getProperties().get(RoomViewModel.class);
        robot.interact(() -> model.stuckMinutesProperty().set(0));
        robot.clickOn("#room-stuck-only");
        assertThat(robot.lookup("#room-stuck-only").queryAs(CheckBox.class).isSelected()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsAsDrawn(robot).size() == 1);
        assertThat(rowsAsDrawn(robot)).containsExactly("bob: red amber green red");
        robot.clickOn("#room-stuck-only");
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsAsDrawn(robot).size() == 3);

        // click carol's amber square: its run opens from the journal
        Rectangle carolsAmber = Fx.call(() -> robot.lookup(".participant-cell").queryAll().stream()
                .filter(cell -> cell.lookup(".participant-name") instanceof Label l && l.getText().equals("carol"))
                .map(cell -> (Rectangle) cell.lookupAll(".room-light").toArray()[1]).findFirst().orElseThrow());
        robot.clickOn(carolsAmber);
        await().atMost(Duration.ofSeconds(10)).until(() -> Fx.call(() -> model.detail().runProperty().get() != null));
        assertThat(robot.lookup("#room-detail-title").queryAs(Label.class).getText()).startsWith("carol · ").endsWith(" · amber");
        assertThat(Fx.call(() -> model.detail().sources().stream().map(s -> s.name()).toList()))
                .startsWith("stdout", "stderr").contains("file: cyber-dojo.sh");
        ListView<?> output = robot.lookup("#room-output").queryAs(ListView.class);
        assertThat(Fx.call(() -> output.getItems().size())).as("the run's output is there to read").isPositive();

        robot.clickOn("#room-send-to-replay");
        ReplayViewModel replay = (ReplayViewModel) stage.getScene().lookup("#replay-view").getProperties().get(ReplayViewModel.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> Fx.call(() -> replay.submissions().items().size() == 1));
        ReplaySubmission sent = Fx.call(() -> replay.submissions().items().get(0));
        assertThat(sent.expected()).isEqualTo(Outcome.AMBER);
        assertThat(sent.image()).isEqualTo(IMAGE);
        assertThat(sent.name()).contains("carol");
    }

    @Test
    void theWayInSaysHowToOpenWarmpoolToTheRoomWhenItListensOnLoopback(FxRobot robot) {
        assertThat(robot.lookup("#room-way-in-advice").queryAs(Label.class).getText())
                .contains("this machine only", "\"bind\": \"0.0.0.0\"", "--token");
        assertThat(robot.lookup("#room-qr").query().isVisible()).isFalse();
        assertThat(robot.lookup("#copy-projector").tryQuery()).isPresent();
    }
}
