package org.warmpool.app.replay;

import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Fakes;
import org.warmpool.app.MainWindow;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TgzReader;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every traffic light the Replay tab can show, without Docker: for the eye, and for colours that must differ. */
@ExtendWith(ApplicationExtension.class)
class ReplayViewLooksTest {
    @TempDir
    static Path dir;
    Stage stage;
    ReplayViewModel model;

    /** A fake engine: the submission's hiker.sh says how its run ends; "slow" is never answered (and holds up the rest). */
    static ReplayReport.Reply answer(ReplayItem item) {
        SubmissionFiles files;
        try {
            files = TgzReader.read(item.tgz(), ArchiveLimits.defaults());
        } catch (ArchiveException e) {
            return Fakes.refusal(item, "bad_archive", e.getMessage());
        }
        String hiker = new String(files.get("hiker.sh"), StandardCharsets.UTF_8);
        String id = item.name();
        String image = item.image();
        if (hiker.contains("loop")) {
            return Fakes.reply(item, new RunResult(id, image, Outcome.TIMED_OUT, "",
                    Output.of("PASSED warm-up\n"), Output.EMPTY, Map.of(), Map.of(),
                    Output.of("timed out after 10 s: the container was killed\n"), new Timings(1, 2, 10_004, 0, 10_007), true, "ab12"));
        }
        if (hiker.contains("nobash")) {
            return Fakes.reply(item, new RunResult(id, image, Outcome.FAULTY, "",
                    Output.EMPTY, Output.EMPTY, Map.of(), Map.of(),
                    Output.of("the traffic-light rule raised: undefined method `match' for nil\n"), new Timings(1, 480, 900, 3, 1384), false, "cd34"));
        }
        if (hiker.contains("unknown")) {
            return Fakes.refusal(item, "unknown_image", "Warmpool has no pool for image warmpool/ruby. Pools: warmpool/busybox.");
        }
        if (hiker.contains("slow")) {
            return null;
        }
        boolean green = hiker.contains("6 * 7");
        boolean amber = hiker.contains("9sd");
        StringBuilder out = new StringBuilder();
        out.append("# a long line, as assertion libraries print them: expected [life, the universe and everything] to equal "
                + "[42] but the answer computed by hiker.sh was 54, which is 6 * 9; did you mean 6 * 7?\n");
        for (int i = 1; i <= 60; i++) {
            out.append(i % 7 == 0 ? "FAILED test_" + i + ": expected <42> but was <54>\n" : "PASSED test_" + i + "\n");
        }
        return Fakes.reply(item, new RunResult(id, image,
                green ? Outcome.GREEN : amber ? Outcome.AMBER : Outcome.RED, green ? "0" : amber ? "2" : "1",
                Output.of(amber ? "" : out.toString()), Output.of(amber ? "./hiker.sh: line 3: arithmetic syntax error\n" : ""),
                Map.of("coverage.txt", Output.of("hiker.sh 100%\n")), Map.of("hiker.sh", Output.of(hiker)), Output.EMPTY,
                new Timings(4, 1, 1180, 22, 1207), true, "0123456789abcdef0123"));
    }

    File tgz(String name, String hiker) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>(StartPoints.red().asMap());
        files.put("hiker.sh", hiker.getBytes(StandardCharsets.UTF_8));
        return StartPoints.tgz(dir, name, SubmissionFiles.of(files)).toFile();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Fakes.FakeReplays replays = new Fakes.FakeReplays();
        replays.answers = ReplayViewLooksTest::answer;
        model = new ReplayViewModel(replays, Fakes.FakeJournal.off(""), javafx.application.Platform::runLater, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "replay-looks-read");
            t.setDaemon(true);
            return t;
        }));
        ViewLooks.show(stage, new ReplayView(model).root(), "light");
    }

    @AfterEach
    void light() {
        robotTheme("light");
    }

    static void robotTheme(String theme) {
        javafx.application.Platform.runLater(() -> MainWindow.applyTheme(theme));
    }

    void fill(FxRobot robot) throws Exception {
        List<File> files = List.of(tgz("kata-red.tgz", "echo $(( 6 * 9 ))"), tgz("kata-amber.tgz", "echo $(( 6 * 9sd ))"),
                tgz("kata-green.tgz", "echo $(( 6 * 7 ))"), tgz("loop-forever.tgz", "loop"), tgz("no-bash.tgz", "nobash"),
                tgz("ruby-kata.tgz", "unknown"), Files.write(dir.resolve("notes.zip"), new byte[]{'P', 'K', 3, 4}).toFile(),
                tgz("slow.tgz", "slow"), tgz("slow-too.tgz", "slow"));
        robot.interact(() -> {
            model.update(ReplayViewModelTest.snapshot(1, "warmpool/busybox", "warmpool/python-pytest"));
            model.submissions().addFiles(files);
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> Fx.call(() -> model.submissions().items().size() == 9));
        robot.clickOn("#replay-run");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> Fx.call(() ->
                model.results().rows().stream().filter(ReplayRow::finished).count() == 7));
        robot.interact(() -> model.cancel());
    }

    @Test
    void everyOutcomeHasItsOwnLookInTheLightTheme(FxRobot robot) throws Exception {
        fill(robot);
        robot.interact(() -> model.detail().select(model.results().rows().get(0)));
        robot.clickOn("#replay-search").write("failed");
        robot.type(javafx.scene.input.KeyCode.ENTER);

        List<TableRow> rows = Fx.call(() -> robot.lookup("#replay-results .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null).sorted(Comparator.comparingInt(TableRow::getIndex)).toList());
        assertThat(Fx.call(() -> model.results().rows().stream().map(r -> r.light().word()).toList()))
                .containsExactly("red", "amber", "green", "timed out", "faulty", "refused", "refused", "running", "cancelled");
        List<String> shown = Fx.call(() -> rows.stream().map(r -> ((Lamp) r.lookup(".traffic-light")).word()).toList());
        assertThat(shown).as("the rows on screen").startsWith("red", "amber", "green", "timed out", "faulty");
        List<Object> fills = Fx.call(() -> rows.subList(0, 5).stream()
                .map(r -> ((javafx.scene.shape.Circle) r.lookup(".lamp"))).map(c -> c.getFill().equals(javafx.scene.paint.Color.TRANSPARENT)
                        ? c.getStroke() : c.getFill()).map(p -> (Object) p).toList());
        assertThat(fills).as("red, amber, green, timed out and faulty lamps all differ").doesNotHaveDuplicates();
        assertThat(model.detail().search().matchTextProperty().get()).isEqualTo("2 of 8");
        robot.interact(() -> model.detail().search().previous());
        ViewLooks.photograph(stage, "replay-all-outcomes");
    }

    @Test
    void andInTheDarkTheme(FxRobot robot) throws Exception {
        robot.interact(() -> MainWindow.applyTheme("dark"));
        fill(robot);
        robot.interact(() -> model.detail().select(model.results().rows().get(3)));
        ViewLooks.photograph(stage, "replay-all-outcomes-dark");
        robot.interact(() -> model.detail().select(model.results().rows().get(0)));
        robot.interact(() -> model.detail().sourceProperty().set(model.detail().sources().get(0)));
        ViewLooks.photograph(stage, "replay-long-lines-dark");
    }
}
