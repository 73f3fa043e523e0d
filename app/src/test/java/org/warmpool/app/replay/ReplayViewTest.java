package org.warmpool.app.replay;

import javafx.scene.Node;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.input.TransferMode;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.TestEngines;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.server.WarmpoolServer;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Replay tab in a real console on a real busybox pool. */
@ExtendWith(ApplicationExtension.class)
class ReplayViewTest {
    static final String IMAGE = "warmpool/busybox";

    @TempDir
    Path dir;
    Stage stage;
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        warmpool = TestEngines.withPools(Map.of(IMAGE, 1));
        console = ConsoleApp.show(stage, warmpool);
        TabPane tabs = (TabPane) stage.getScene().lookup("#views");
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Replay")).findFirst().orElseThrow());
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    ReplayViewModel model() {
        return (ReplayViewModel) stage.getScene().lookup("#replay-view").getProperties().get(ReplayViewModel.class);
    }

    static <T> T onFx(Callable<T> work) {
        return Fx.call(work);
    }

    @Test
    void dropATgzAndSeeRedAmberAndGreenForTheStartPoints(FxRobot robot) {
        List<File> files = List.of(
                StartPoints.tgz(dir, "red.tgz", StartPoints.red()).toFile(),
                StartPoints.tgz(dir, "amber.tgz", StartPoints.amber()).toFile(),
                StartPoints.tgz(dir, "green.tgz", StartPoints.green()).toFile());
        ReplayViewModel model = model();
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> IMAGE.equals(model.imageProperty().get())));
        ComboBox<?> image = robot.lookup("#replay-image").queryAs(ComboBox.class);
        assertThat(image.getValue()).as("the pool's image, chosen").isEqualTo(IMAGE);

        // What the drop handler does with the dropped files (OS drag-and-drop cannot be driven headless).
        robot.interact(() -> model.submissions().addFiles(files));
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> model.submissions().items().size() == 3));
        assertThat(onFx(() -> model.submissions().items().stream().map(ReplaySubmission::state).toList()))
                .allMatch(state -> state.startsWith("3 files"));
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());

        robot.clickOn("#replay-run");

        await().atMost(Duration.ofSeconds(180)).until(() -> onFx(() -> model.results().rows().size() == 3
                && model.results().rows().stream().allMatch(ReplayRow::finished)));
        WaitForAsyncUtils.waitForFxEvents();

        List<TableRow> rows = onFx(() -> robot.lookup("#replay-results .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null).sorted(Comparator.comparingInt(TableRow::getIndex)).toList());
        assertThat(rows).hasSize(3);
        String[] expected = {"red", "amber", "green"};
        for (int i = 0; i < 3; i++) {
            TableRow row = rows.get(i);
            Lamp light = onFx(() -> (Lamp) row.lookup(".traffic-light"));
            assertThat(light.word()).as("row %d's word", i + 1).isEqualTo(expected[i]);
            assertThat(light.getStyleClass()).as("row %d's style: the palette's", i + 1).contains("outcome-" + expected[i]);
            Color lamp = onFx(() -> (Color) ((Circle) light.lookup(".lamp")).getFill());
            assertThat(hueOf(lamp)).as("row %d's lamp is %s", i + 1, expected[i]).isEqualTo(expected[i]);
        }
        assertThat(onFx(() -> model.results().rows().get(0).statusProperty().get())).isEqualTo("1");
        assertThat(onFx(() -> model.results().rows().get(2).statusProperty().get())).isEqualTo("0");
        assertThat(onFx(() -> model.results().summaryProperty().get())).startsWith("3 runs: 1 red · 1 amber · 1 green");

        // Read the amber run's stderr and search it.
        DetailViewModel detail = model.detail();
        robot.interact(() -> detail.select(model.results().rows().get(1)));
        robot.interact(() -> detail.sourceProperty().set(detail.sources().stream()
                .filter(s -> s.name().equals("stderr")).findFirst().orElseThrow()));
        robot.clickOn("#replay-search").write("syntax");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> detail.search().matchCountProperty().get())).isPositive();
        assertThat(robot.lookup("#replay-output .match-current").tryQuery()).as("the current match is marked").isPresent();
        NodeSnapshots.save(stage.getScene().getRoot(), "replay");
    }

    @Test
    void aDropOfAFolderOfTgzFilesListsEachOfThem(FxRobot robot) {
        Path recorded = dir.resolve("recorded");
        StartPoints.tgz(recorded, "1-red.tgz", StartPoints.red());
        StartPoints.tgz(recorded, "2-green.tgz", StartPoints.green());
        Node view = robot.lookup("#replay-view").query();

        // A real DragEvent with a real Dragboard, fired at the view: the handlers a desktop drop reaches.
        SimulatedDrop.Result drop = onFx(() -> SimulatedDrop.files(view, List.of(recorded.toFile())));

        assertThat(drop.accepted()).as("files are accepted over the view").isTrue();
        assertThat(drop.over().getAcceptedTransferMode()).isEqualTo(TransferMode.COPY);
        assertThat(drop.completed()).isTrue();
        ReplayViewModel model = model();
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> model.submissions().items().size() == 2));
        assertThat(onFx(() -> model.submissions().items().stream().map(ReplaySubmission::name).toList())).containsExactly("1-red", "2-green");
        assertThat(robot.lookup("#replay-drop-zone").query().isVisible()).as("the drop hint makes way for the list").isFalse();
    }

    @Test
    void cancelSendsNoMoreAndEveryRowEndsAnsweredOrCancelled(FxRobot robot) {
        ReplayViewModel model = model();
        File red = StartPoints.tgz(dir, "red.tgz", StartPoints.red()).toFile();
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> IMAGE.equals(model.imageProperty().get())));
        robot.interact(() -> model.submissions().addFiles(List.of(red)));
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> model.submissions().items().size() == 1));
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());

        // A hundred, closed loop at the engine's few run slots: Cancel comes long before the last could go.
        robot.interact(() -> {
            model.repeatsProperty().set(ReplayViewModel.MAX_REPEATS);
            model.run();
            model.cancel();
        });

        await().atMost(Duration.ofSeconds(180)).until(() -> onFx(() -> !model.results().runningProperty().get()));
        List<ReplayRow.Light> lights = onFx(() -> model.results().rows().stream().map(ReplayRow::light).toList());
        assertThat(lights).hasSize(ReplayViewModel.MAX_REPEATS);
        assertThat(lights).as("each was answered red, or never sent")
                .allMatch(l -> l.outcome() == Outcome.RED || l.state() == ReplayRow.State.CANCELLED);
        assertThat(lights).filteredOn(l -> l.state() == ReplayRow.State.CANCELLED).isNotEmpty();
        assertThat(onFx(() -> model.results().waitingProperty().get())).isZero();
        assertThat(robot.lookup("#replay-cancel").query().isDisabled()).isTrue();
    }

    @Test
    void theSelectedRunsOutputGrowsInTheDetailPaneWhileItRunsThenItsResultReplacesIt(FxRobot robot) {
        ReplayViewModel model = model();
        File printer = StartPoints.tgz(dir, "printer.tgz", StartPoints.script(
                "echo first\nsleep 2\necho second\nsleep 2\necho third\nexit 1\n")).toFile();
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> IMAGE.equals(model.imageProperty().get())));
        robot.interact(() -> model.submissions().addFiles(List.of(printer)));
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> model.submissions().items().size() == 1));
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());
        // What the output viewer shows each time it changes, and whether the run had been answered then.
        ListView<OutputSearch.Line> viewer = robot.lookup("#replay-output").queryListView();
        List<String> seen = new CopyOnWriteArrayList<>();
        robot.interact(() -> viewer.getItems().addListener((ListChangeListener<OutputSearch.Line>) c -> {
            ReplayRow row = model.detail().selectedProperty().get();
            String lines = String.join("|", viewer.getItems().stream().map(OutputSearch.Line::text).toList());
            seen.add((row != null && row.finished() ? "answered: " : "running: ") + lines);
        }));

        robot.clickOn("#replay-run");

        await().atMost(Duration.ofSeconds(120)).until(() -> onFx(() -> model.results().rows().size() == 1
                && model.results().rows().get(0).finished()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(seen).as("what the detail pane showed of the selected run, in order")
                .containsSubsequence("running: first", "running: first|second", "running: first|second|third",
                        "answered: first|second|third");
        assertThat(onFx(() -> model.results().rows().get(0).light().outcome())).isEqualTo(Outcome.RED);
        assertThat(onFx(() -> model.detail().liveProperty().get())).isFalse();
    }

    @Test
    void beforeAnythingIsDroppedTheTabSaysWhatToDo(FxRobot robot) {
        assertThat(robot.lookup("#replay-drop-zone").query().isVisible()).isTrue();
        assertThat(robot.lookup("#replay-run").query().isDisabled()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        NodeSnapshots.save(stage.getScene().getRoot(), "replay-empty");
    }

    /** The colour family of a lamp, judged as a person would. */
    static String hueOf(Color c) {
        double hue = c.getHue();
        if (c.getSaturation() < 0.3) {
            return "grey";
        }
        if (hue < 20 || hue > 340) {
            return "red";
        }
        if (hue < 65) {
            return "amber";
        }
        if (hue < 170) {
            return "green";
        }
        return "other (" + hue + ")";
    }
}
