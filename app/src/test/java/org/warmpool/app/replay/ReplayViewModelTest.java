package org.warmpool.app.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.archive.TgzReader;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Replay tab's model, without a screen or Docker: files read as the engine reads them, sessions
 * answered as a busybox pool would (or by hand), work done on the calling thread.
 */
class ReplayViewModelTest {
    static final String BUSYBOX = "warmpool/busybox";

    @TempDir
    Path dir;

    final Fakes.FakeReplays replays = new Fakes.FakeReplays();
    final ReplayViewModel model = new ReplayViewModel(replays, Fakes.FakeJournal.recording(2, 4096), Runnable::run, Runnable::run);

    {
        replays.answers = ReplayViewModelTest::busybox;
    }

    /** As a busybox pool answers: 6 * 9 is red, 9sd amber, 6 * 7 green; an archive it cannot read is refused with the reader's words. */
    static ReplayReport.Reply busybox(ReplayItem item) {
        SubmissionFiles files;
        try {
            files = TgzReader.read(item.tgz(), ArchiveLimits.defaults());
        } catch (ArchiveException e) {
            return Fakes.refusal(item, "bad_archive", e.getMessage());
        }
        String hiker = new String(files.get("hiker.sh"), StandardCharsets.UTF_8);
        Outcome outcome = hiker.contains("9sd") ? Outcome.AMBER : hiker.contains("6 * 7") ? Outcome.GREEN : Outcome.RED;
        return Fakes.reply(item, result(item.name(), item.image(), outcome));
    }

    static RunResult result(String id, String image, Outcome outcome) {
        String status = outcome == Outcome.GREEN ? "0" : outcome == Outcome.AMBER ? "2" : "1";
        Output stdout = Output.of(outcome == Outcome.GREEN ? "PASSED life\nAll tests passed\n" : "FAILED life: expected <42> but was <54>\n1 test(s) failed\n");
        Output stderr = Output.of(outcome == Outcome.AMBER ? "sh: arithmetic syntax error\n" : "");
        return new RunResult(id, image, outcome, status, stdout, stderr, Map.of("report.txt", Output.of("done\n")), Map.of(),
                Output.EMPTY, new Timings(3, 2, 900, 15, 1234), true, "0123456789abcdef");
    }

    static EngineSnapshot snapshot(int maxConcurrentRuns, String... images) {
        List<PoolSnapshot> pools = new ArrayList<>();
        for (String image : images) {
            pools.add(new PoolSnapshot(image, PoolState.READY, "", 2, 2, 0, 0, 0, 0, 0, Map.of(), 0, 0, true, "image", true));
        }
        ThrottleSnapshot throttle = new ThrottleSnapshot(ThrottleLimits.defaults().withMaxConcurrentRuns(maxConcurrentRuns), 0, 0, 0, Map.of());
        return new EngineSnapshot(Instant.now(), true, "", pools, List.of(), throttle, 0, 0, 0, 0, 0, 0);
    }

    File tgz(String name, SubmissionFiles files) {
        return StartPoints.tgz(dir, name, files).toFile();
    }

    List<String> words() {
        return model.results().rows().stream().map(r -> r.light().word()).toList();
    }

    @Test
    void theImagesToChooseFromAreThePoolsAndTheFirstIsChosen() {
        model.update(snapshot(2, "warmpool/python-pytest", BUSYBOX));

        assertThat(model.images()).containsExactly(BUSYBOX, "warmpool/python-pytest");
        assertThat(model.imageProperty().get()).isEqualTo(BUSYBOX);
        assertThat(model.imageNoteProperty().get()).isEqualTo("2 warm · 0 running · ready");
    }

    @Test
    void droppedTgzFilesAndFoldersOfSourcesBecomeSubmissionsWithTheirFileCounts() {
        File red = tgz("red.tgz", StartPoints.red());
        File folder = StartPoints.folder(dir, "green-sources", StartPoints.green()).toFile();

        model.submissions().addFiles(List.of(red, folder));

        assertThat(model.submissions().items()).extracting(ReplaySubmission::name).containsExactly("red.tgz", "green-sources/");
        assertThat(model.submissions().items()).extracting(ReplaySubmission::state).allMatch(s -> s.matches("3 files · \\d+(\\.\\d)? (B|KB)"));
        assertThat(model.submissions().items()).noneMatch(ReplaySubmission::suspect);
    }

    @Test
    void aFolderOfTgzFilesAddsEachOfThemInPathOrderAsWarmpoolReplayDoes() {
        Path recorded = dir.resolve("recorded");
        StartPoints.tgz(recorded, "b-amber.tgz", StartPoints.amber());
        StartPoints.tgz(recorded, "a-red.tgz", StartPoints.red());
        StartPoints.tgz(recorded.resolve("later/much/later/still"), "c-green.tar.gz", StartPoints.green());

        model.submissions().addFiles(List.of(recorded.toFile()));

        assertThat(model.submissions().items()).extracting(ReplaySubmission::name)
                .as("four folders down is found too").containsExactly("a-red", "b-amber", "later/much/later/still/c-green");
    }

    @Test
    void aJournalExportKeepsEachRunsImageTimeLimitAndColourAndTheResultsSayWhichChanged() throws Exception {
        Path export = dir.resolve("workshop");
        StartPoints.tgz(export, "00000001-kata-1.tgz", StartPoints.green());
        Files.writeString(export.resolve("results.jsonl"), "{\"seq\":1,\"id\":\"kata-1\",\"image\":\"warmpool/bash-shunit2\","
                + "\"max_seconds\":5,\"file\":\"00000001-kata-1.tgz\",\"outcome\":\"red\"}\n");
        model.update(snapshot(2, BUSYBOX));

        model.submissions().addFiles(List.of(export.toFile()));
        model.run();

        assertThat(model.submissions().items()).extracting(ReplaySubmission::name).containsExactly("00000001-kata-1  · was red");
        ReplayItem sent = replays.session().items.get(0);
        assertThat(sent.image()).as("its own image, not the chosen one").isEqualTo("warmpool/bash-shunit2");
        assertThat(sent.maxSeconds()).isEqualTo(5);
        ReplayRow row = model.results().rows().get(0);
        assertThat(row.light().outcome()).isEqualTo(Outcome.GREEN);
        assertThat(row.changedProperty().get()).isTrue();
        assertThat(row.messageProperty().get()).startsWith("was red · ");
        assertThat(model.results().summaryProperty().get()).startsWith("1 run: 1 green · 1 changed colour since recorded");
    }

    @Test
    void aJournalSelectionIsAddedWithItsColoursAndCanRunWithoutAChosenImage() throws Exception {
        byte[] red = TarPacker.tgz(StartPoints.red());
        replays.journal = List.of(new ReplayItem("00000001-kata-1", BUSYBOX, 10, red, Outcome.RED),
                new ReplayItem("00000002-kata-2", BUSYBOX, 10, red, Outcome.GREEN));

        model.submissions().addFromJournal("image=" + BUSYBOX);

        assertThat(model.submissions().items()).extracting(ReplaySubmission::name)
                .containsExactly("00000001-kata-1  · was red", "00000002-kata-2  · was green");
        assertThat(model.canRunBinding().get()).as("each has its image").isTrue();
        model.run();
        assertThat(model.results().summaryProperty().get()).startsWith("2 runs: 2 red · 1 changed colour since recorded");
    }

    @Test
    void aJournalThatIsOffOrFindsNothingOrAFilterItCannotReadIsExplained() {
        model.submissions().addFromJournal("");
        assertThat(model.submissions().noticeProperty().get()).startsWith("Recording is off");

        replays.journal = List.of();
        model.submissions().addFromJournal("outcome=red");
        assertThat(model.submissions().noticeProperty().get()).isEqualTo("No journaled run matches \"outcome=red\".");

        model.submissions().addFromJournal("colour=red");
        assertThat(model.submissions().noticeProperty().get()).contains("unknown filter key \"colour\"");
        assertThat(model.submissions().items()).isEmpty();
    }

    @Test
    void aFolderWithNothingToRunSaysSoAndTheOtherDropsAreStillAdded() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("holiday-photos"));
        Files.writeString(empty.resolve("beach.jpg"), "not a submission");

        model.submissions().addFiles(List.of(empty.toFile(), tgz("red.tgz", StartPoints.red())));

        assertThat(model.submissions().items()).extracting(ReplaySubmission::name).containsExactly("red.tgz");
        assertThat(model.submissions().noticeProperty().get()).startsWith("Nothing to replay in ").contains("holiday-photos")
                .contains("cyber-dojo.sh");
    }

    @Test
    void eachSubmissionRunsNTimesInOneSessionAndEveryRowShowsItsLightStatusAndTimings() {
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red()), tgz("amber.tgz", StartPoints.amber()),
                tgz("green.tgz", StartPoints.green())));
        model.maxSecondsProperty().set(7);
        model.repeatsProperty().set(2);

        model.run();

        assertThat(replays.sessions).hasSize(1);
        Fakes.FakeSession session = replays.session();
        assertThat(session.plan.pacing()).as("closed loop, as many at a time as the engine has run slots")
                .isEqualTo(new Pacing.Concurrency(2));
        assertThat(session.plan.repeat()).isEqualTo(2);
        assertThat(session.plan.maxSeconds()).isEqualTo(7);
        assertThat(session.plan.filesBack()).isTrue();
        assertThat(session.items).allMatch(i -> i.image().equals(BUSYBOX));
        assertThat(model.results().rows()).hasSize(6);
        assertThat(words()).as("in the order they are sent").containsExactly("red", "amber", "green", "red", "amber", "green");
        assertThat(model.results().rows()).extracting(ReplayRow::name).startsWith("red.tgz  (1 of 2)", "amber.tgz  (1 of 2)");
        assertThat(model.results().rows().get(3).name()).isEqualTo("red.tgz  (2 of 2)");
        ReplayRow green = model.results().rows().get(2);
        assertThat(green.light()).isEqualTo(new ReplayRow.Light(ReplayRow.State.DONE, Outcome.GREEN));
        assertThat(Lamp.styleClass(green.light())).as("the palette's").isEqualTo("outcome-green");
        assertThat(green.statusProperty().get()).isEqualTo("0");
        assertThat(green.totalProperty().get()).isEqualTo("1.23 s");
        assertThat(green.startProperty().get()).isEqualTo("warm");
        assertThat(green.messageProperty().get()).isEqualTo("All tests passed");
        assertThat(model.results().rows().get(1).messageProperty().get()).as("amber says what stderr says")
                .isEqualTo("sh: arithmetic syntax error");
        assertThat(model.results().runningProperty().get()).isFalse();
        assertThat(model.results().progressTextProperty().get()).isEqualTo("6 of 6 done");
        assertThat(model.results().summaryProperty().get()).startsWith("6 runs: 2 red · 2 amber · 2 green")
                .contains("median 1.23 s").contains("6 warm, 0 cold");
    }

    @Test
    void aBrokenArchiveIsFlaggedWhenAddedAndRefusedByTheEngineWithItsReasonWhileTheOthersStillRun() throws Exception {
        model.update(snapshot(2, BUSYBOX));
        Path zip = Files.write(dir.resolve("kata.zip"), new byte[]{'P', 'K', 3, 4, 0, 0, 0, 0});
        Path noScript = StartPoints.tgz(dir, "no-script.tgz", SubmissionFiles.fromTextMap(Map.of("hiker.sh", "echo hi")));
        model.submissions().addFiles(List.of(zip.toFile(), tgz("green.tgz", StartPoints.green()), noScript.toFile()));

        assertThat(model.submissions().items()).extracting(ReplaySubmission::suspect).containsExactly(true, false, true);
        assertThat(model.submissions().items().get(0).state()).contains("looks like a zip archive");
        assertThat(model.submissions().items().get(2).state()).isEqualTo("1 file · 7 B · no cyber-dojo.sh at its root");

        model.run();

        assertThat(replays.session().items).as("the engine is the judge: all are sent").hasSize(3);
        assertThat(words()).containsExactly("refused", "green", "refused");
        assertThat(model.results().rows().get(0).messageProperty().get()).startsWith("archive refused: not a gzip file").contains("zip");
        assertThat(model.results().rows().get(2).messageProperty().get()).isEqualTo(
                "archive refused: no cyber-dojo.sh at the archive's root (nor in a single top folder)");
    }

    @Test
    void aRunTheEngineRefusesShowsTheRefusalAsTheRowsResult() {
        replays.answers = item -> Fakes.refusal(item, "docker_unavailable", "Docker is not answering at unix:///var/run/docker.sock");
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));

        model.run();

        ReplayRow row = model.results().rows().get(0);
        assertThat(row.state()).isEqualTo(ReplayRow.State.REFUSED);
        assertThat(row.messageProperty().get()).isEqualTo("Docker is down: Docker is not answering at unix:///var/run/docker.sock");
        assertThat(model.results().summaryProperty().get()).isEqualTo("1 run: 1 refused");
        model.detail().select(row);
        assertThat(model.detail().messageProperty().get()).startsWith("Docker is down");
    }

    @Test
    void whenTheGatewayCannotBeReachedEveryRowSaysWhy() {
        replays.refuseStart = new IllegalStateException("replays are sent through the gateway's WebSocket, and it is not open");
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(2);

        model.run();

        assertThat(words()).containsExactly("refused", "refused");
        assertThat(model.results().rows().get(0).messageProperty().get()).contains("it is not open");
        assertThat(model.results().runningProperty().get()).isFalse();

        replays.refuseStart = null;
        replays.answers = null;
        model.run();
        replays.session().fail(new IOException("cannot open ws://127.0.0.1:1/: Connection refused"));

        assertThat(words()).endsWith("refused", "refused");
        assertThat(model.results().rows().get(3).messageProperty().get()).startsWith("cannot open ws://127.0.0.1:1/");
        assertThat(model.canRunBinding().get()).isTrue();
    }

    @Test
    void theEngineSendsAsManyAtOnceAsItHasRunSlotsAndCancelKeepsTheRestFromBeingSent() {
        replays.answers = null;
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(5);
        model.run();
        Fakes.FakeSession session = replays.session();
        session.send(0);
        session.send(1);

        assertThat(model.results().waitingProperty().get()).isEqualTo(3);
        assertThat(model.results().progressTextProperty().get()).isEqualTo("0 of 5 done · 2 running · 3 waiting");
        assertThat(model.canRunBinding().get()).isFalse();

        model.cancel();

        assertThat(session.cancelled).isTrue();
        assertThat(words()).containsExactly("running", "running", "cancelled", "cancelled", "cancelled");
        assertThat(model.results().runningProperty().get()).as("the two sent are still answered").isTrue();

        session.answer(0, busybox(session.item(0)));
        session.answer(1, busybox(session.item(1)));
        session.finish();

        assertThat(words()).containsExactly("red", "red", "cancelled", "cancelled", "cancelled");
        assertThat(model.results().runningProperty().get()).isFalse();
        assertThat(model.results().summaryProperty().get()).startsWith("5 runs: 2 red · 3 cancelled");
    }

    @Test
    void oneSentAsCancelCameIsShownWithItsAnswer() {
        replays.answers = null;
        model.update(snapshot(1, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(3);
        model.run();
        Fakes.FakeSession session = replays.session();

        model.cancel();
        session.send(0);
        session.answer(0, busybox(session.item(0)));
        session.finish();

        assertThat(words()).containsExactly("red", "cancelled", "cancelled");
    }

    @Test
    void selectingARowShowsItsFactsAndOutputToSearchAndFollowsItsAnswer() {
        replays.answers = null;
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("amber.tgz", StartPoints.amber())));
        model.run();
        ReplayRow amber = model.results().rows().get(0);
        DetailViewModel detail = model.detail();
        assertThat(detail.selectedProperty().get()).as("the first row of a run is shown").isSameAs(amber);
        assertThat(detail.messageProperty().get()).isEqualTo("Waiting to be sent…");

        replays.session().send(0);
        replays.session().answer(0, busybox(replays.session().item(0)));

        assertThat(detail.titleProperty().get()).isEqualTo("amber.tgz");
        assertThat(detail.facts()).contains(new DetailViewModel.Fact("outcome", "amber"), new DetailViewModel.Fact("status", "2"),
                new DetailViewModel.Fact("total", "1.23 s"), new DetailViewModel.Fact("start", "warm container"));
        assertThat(detail.sources()).extracting(DetailViewModel.Source::name).containsExactly("stdout", "stderr", "created: report.txt");
        assertThat(detail.sourceProperty().get().name()).isEqualTo("stdout");

        detail.sourceProperty().set(detail.sources().get(1));
        detail.search().queryProperty().set("syntax");
        assertThat(detail.search().matchTextProperty().get()).isEqualTo("1 of 1");

        detail.select(null);
        assertThat(detail.sources()).isEmpty();
    }

    @Test
    void aRunningRowsOutputGrowsInTheDetailAsItStreamsThenTheResultReplacesIt() {
        replays.answers = null;
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.run();
        Fakes.FakeSession session = replays.session();
        DetailViewModel detail = model.detail();
        assertThat(session.plan.stream()).as("the tab asks for output as it runs").isTrue();

        session.send(0);
        assertThat(detail.messageProperty().get()).isEqualTo("Waiting for its answer…");
        assertThat(detail.liveProperty().get()).isFalse();

        session.output(0, StdStream.STDOUT, "FAILED life: expected <42>");
        assertThat(detail.liveProperty().get()).isTrue();
        assertThat(detail.messageProperty().get()).isEqualTo("Running… its output shows as it arrives.");
        assertThat(detail.sources()).extracting(DetailViewModel.Source::name).containsExactly("stdout", "stderr");
        assertThat(detail.sourceProperty().get().output().content()).isEqualTo("FAILED life: expected <42>");

        session.output(0, StdStream.STDOUT, " but was <54>\n");
        session.output(0, StdStream.STDERR, "a warning\n");
        assertThat(detail.sourceProperty().get().name()).as("stdout stays shown").isEqualTo("stdout");
        assertThat(detail.search().lines()).extracting(OutputSearch.Line::text).containsExactly("FAILED life: expected <42> but was <54>");
        assertThat(detail.sources().get(1).output().content()).isEqualTo("a warning\n");

        session.answer(0, busybox(session.item(0)));
        assertThat(detail.liveProperty().get()).isFalse();
        assertThat(detail.facts()).contains(new DetailViewModel.Fact("outcome", "red"));
        assertThat(detail.sourceProperty().get().output().content()).as("the result's stdout")
                .isEqualTo("FAILED life: expected <42> but was <54>\n1 test(s) failed\n");
        assertThat(model.results().rows().get(0).streamedProperty().get()).as("nothing kept twice").isZero();

        session.output(0, StdStream.STDOUT, "late");
        assertThat(detail.sourceProperty().get().output().content()).as("nothing after the answer").doesNotContain("late");
    }

    @Test
    void runDoesNothingWithoutSubmissionsOrAnImage() {
        assertThat(model.canRunBinding().get()).isFalse();
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        assertThat(model.canRunBinding().get()).as("no pool yet").isFalse();
        model.update(snapshot(2, BUSYBOX));
        assertThat(model.canRunBinding().get()).isTrue();
    }

    @Test
    void moreRunsThanAReplayTakesAreRefusedWithANotice() {
        model.update(snapshot(2, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red()), tgz("green.tgz", StartPoints.green())));
        model.repeatsProperty().set(ReplayViewModel.MAX_REPEATS);
        model.submissions().addFiles(java.util.Collections.nCopies(19, tgz("amber.tgz", StartPoints.amber())));

        model.run();

        assertThat(replays.sessions).isEmpty();
        assertThat(model.submissions().noticeProperty().get()).startsWith("2100 runs is more than 2000 at once");
    }

    @Test
    void clearingResultsKeepsRunsThatAreStillGoingAndTheSelectionGoesWithItsRow() {
        replays.answers = null;
        model.update(snapshot(1, BUSYBOX));
        model.submissions().addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(2);
        model.run();
        Fakes.FakeSession session = replays.session();
        session.send(0);
        session.answer(0, busybox(session.item(0)));
        session.send(1);

        model.results().clearFinished();

        assertThat(words()).containsExactly("running");
        assertThat(model.detail().selectedProperty().get()).as("the first row was cleared").isNull();
    }
}
