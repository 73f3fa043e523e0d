package org.warmpool.app.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The Replay tab's model, without a screen or Docker: runs answered by hand, work done on the calling thread. */
class ReplayViewModelTest {
    @TempDir
    Path dir;

    final List<RunRequest> requests = new ArrayList<>();
    final List<CompletableFuture<RunResult>> pendingRuns = new ArrayList<>();
    boolean answerAtOnce = true;

    final ReplayViewModel model = new ReplayViewModel(this::run, Runnable::run, Runnable::run);

    /** A run as the busybox rule would colour it: 6 * 9 is red, 9sd amber, 6 * 7 green. */
    CompletableFuture<RunResult> run(RunRequest request) {
        requests.add(request);
        if (!answerAtOnce) {
            CompletableFuture<RunResult> later = new CompletableFuture<>();
            pendingRuns.add(later);
            return later;
        }
        String hiker = new String(request.files().get("hiker.sh"), StandardCharsets.UTF_8);
        Outcome outcome = hiker.contains("9sd") ? Outcome.AMBER : hiker.contains("6 * 7") ? Outcome.GREEN : Outcome.RED;
        return CompletableFuture.completedFuture(result(request.id(), request.image(), outcome));
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
            pools.add(new PoolSnapshot(image, org.warmpool.engine.api.PoolState.READY, "", 2, 2, 0, 0, 0, 0, 0, Map.of(), 0, 0, true, "image", true));
        }
        ThrottleSnapshot throttle = new ThrottleSnapshot(ThrottleLimits.defaults().withMaxConcurrentRuns(maxConcurrentRuns), 0, 0, 0, Map.of());
        return new EngineSnapshot(Instant.now(), true, "", pools, List.of(), throttle, 0, 0, 0, 0, 0, 0);
    }

    File tgz(String name, SubmissionFiles files) {
        return StartPoints.tgz(dir, name, files).toFile();
    }

    @Test
    void theImagesToChooseFromAreThePoolsAndTheFirstIsChosen() {
        model.update(snapshot(2, "warmpool/python-pytest", "warmpool/busybox"));

        assertThat(model.images()).containsExactly("warmpool/busybox", "warmpool/python-pytest");
        assertThat(model.imageProperty().get()).isEqualTo("warmpool/busybox");
        assertThat(model.imageNoteProperty().get()).isEqualTo("2 warm · 0 running · ready");
    }

    @Test
    void droppedTgzFilesAndFoldersOfSourcesBecomeSubmissionsWithTheirFileCounts() {
        File red = tgz("red.tgz", StartPoints.red());
        File folder = StartPoints.folder(dir, "green-sources", StartPoints.green()).toFile();

        model.addFiles(List.of(red, folder));

        assertThat(model.submissions()).extracting(ReplaySubmission::name).containsExactly("red.tgz", "green-sources/");
        assertThat(model.submissions()).extracting(s -> s.stateProperty().get()).allMatch(s -> s.matches("3 files · \\d+(\\.\\d)? (B|KB)"));
    }

    @Test
    void aFolderOfTgzFilesAddsEachOfThemInNameOrder() {
        Path recorded = dir.resolve("recorded");
        StartPoints.tgz(recorded, "b-amber.tgz", StartPoints.amber());
        StartPoints.tgz(recorded, "a-red.tgz", StartPoints.red());
        StartPoints.tgz(recorded.resolve("later"), "c-green.tar.gz", StartPoints.green());

        model.addFiles(List.of(recorded.toFile()));

        assertThat(model.submissions()).extracting(ReplaySubmission::name).containsExactly("a-red.tgz", "b-amber.tgz", "c-green.tar.gz");
    }

    @Test
    void aFolderWithNothingToRunSaysSo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("holiday-photos"));
        Files.writeString(empty.resolve("beach.jpg"), "not a submission");

        model.addFiles(List.of(empty.toFile()));

        assertThat(model.submissions()).isEmpty();
        assertThat(model.noticeProperty().get()).startsWith("Nothing to run in holiday-photos/").contains("cyber-dojo.sh");
    }

    @Test
    void eachSubmissionRunsNTimesAndEveryRowShowsItsLightStatusAndTimings() {
        model.update(snapshot(2, "warmpool/busybox"));
        model.addFiles(List.of(tgz("red.tgz", StartPoints.red()), tgz("amber.tgz", StartPoints.amber()), tgz("green.tgz", StartPoints.green())));
        model.maxSecondsProperty().set(7);
        model.repeatsProperty().set(2);

        model.run();

        assertThat(model.rows()).hasSize(6);
        assertThat(model.rows()).extracting(ReplayRow::light).containsExactly(
                ReplayRow.Light.RED, ReplayRow.Light.RED, ReplayRow.Light.AMBER, ReplayRow.Light.AMBER,
                ReplayRow.Light.GREEN, ReplayRow.Light.GREEN);
        assertThat(model.rows()).extracting(ReplayRow::name).startsWith("red.tgz  (1 of 2)", "red.tgz  (2 of 2)");
        ReplayRow green = model.rows().get(4);
        assertThat(green.light().word()).isEqualTo("green");
        assertThat(green.light().styleClass()).isEqualTo("light-green");
        assertThat(green.statusProperty().get()).isEqualTo("0");
        assertThat(green.totalProperty().get()).isEqualTo("1.23 s");
        assertThat(green.startProperty().get()).isEqualTo("warm");
        assertThat(green.messageProperty().get()).isEqualTo("All tests passed");
        assertThat(model.rows().get(2).messageProperty().get()).as("amber says what stderr says").isEqualTo("sh: arithmetic syntax error");
        assertThat(requests).allMatch(r -> r.image().equals("warmpool/busybox") && r.maxSeconds() == 7 && r.filesBack());
        assertThat(requests).extracting(RunRequest::id).doesNotHaveDuplicates();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.progressTextProperty().get()).isEqualTo("6 of 6 done");
        assertThat(model.summaryProperty().get()).startsWith("6 runs: 2 red · 2 amber · 2 green").contains("median 1.23 s").contains("6 warm, 0 cold");
    }

    @Test
    void aBrokenArchiveIsRefusedWithItsReasonAndTheOthersStillRun() throws Exception {
        model.update(snapshot(2, "warmpool/busybox"));
        Path zip = Files.write(dir.resolve("kata.zip"), new byte[]{'P', 'K', 3, 4, 0, 0, 0, 0});
        Path noScript = StartPoints.tgz(dir, "no-script.tgz", SubmissionFiles.fromTextMap(Map.of("hiker.sh", "echo hi")));
        model.addFiles(List.of(zip.toFile(), tgz("green.tgz", StartPoints.green()), noScript.toFile()));

        assertThat(model.submissions().get(0).refusedProperty().get()).isTrue();
        assertThat(model.submissions().get(0).stateProperty().get()).contains("looks like a zip archive");

        model.run();

        assertThat(model.rows()).extracting(ReplayRow::light)
                .containsExactly(ReplayRow.Light.REFUSED, ReplayRow.Light.GREEN, ReplayRow.Light.REFUSED);
        assertThat(model.rows().get(0).messageProperty().get()).startsWith("archive refused: not a gzip file").contains("zip");
        assertThat(model.rows().get(2).messageProperty().get()).isEqualTo(
                "archive refused: no cyber-dojo.sh at the archive's root (nor in a single top folder)");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aRunTheEngineRefusesShowsTheRefusalAsTheRowsResult() {
        ReplayViewModel refusing = new ReplayViewModel(r -> CompletableFuture.failedFuture(new RunRejectedException(
                RunRejectedException.Reason.DOCKER_UNAVAILABLE, "Docker is not answering at unix:///var/run/docker.sock")),
                Runnable::run, Runnable::run);
        refusing.update(snapshot(2, "warmpool/busybox"));
        refusing.addFiles(List.of(tgz("red.tgz", StartPoints.red())));

        refusing.run();

        ReplayRow row = refusing.rows().get(0);
        assertThat(row.light()).isEqualTo(ReplayRow.Light.REFUSED);
        assertThat(row.messageProperty().get()).isEqualTo("Docker is down: Docker is not answering at unix:///var/run/docker.sock");
        assertThat(refusing.summaryProperty().get()).isEqualTo("1 run: 1 refused");
        refusing.select(row);
        assertThat(refusing.detailMessageProperty().get()).startsWith("Docker is down");
    }

    @Test
    void runsGoAtMostAsManyAtOnceAsTheEngineHasSlotsAndCancelWithdrawsTheRest() {
        answerAtOnce = false;
        model.update(snapshot(2, "warmpool/busybox"));
        model.addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(5);

        model.run();

        assertThat(requests).as("two run slots").hasSize(2);
        assertThat(model.waitingProperty().get()).isEqualTo(3);
        assertThat(model.progressTextProperty().get()).isEqualTo("0 of 5 done · 2 running · 3 waiting");
        assertThat(model.canRunBinding().get()).isFalse();

        model.cancel();

        assertThat(model.rows()).extracting(ReplayRow::light).containsExactly(ReplayRow.Light.RUNNING, ReplayRow.Light.RUNNING,
                ReplayRow.Light.CANCELLED, ReplayRow.Light.CANCELLED, ReplayRow.Light.CANCELLED);
        assertThat(model.runningProperty().get()).as("the two in containers still finish").isTrue();

        pendingRuns.forEach(f -> f.complete(result("x", "warmpool/busybox", Outcome.RED)));

        assertThat(requests).hasSize(2);
        assertThat(model.rows()).extracting(ReplayRow::light).startsWith(ReplayRow.Light.RED, ReplayRow.Light.RED);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).startsWith("5 runs: 2 red · 3 cancelled");
    }

    @Test
    void selectingARowShowsItsFactsAndOutputToSearch() {
        model.update(snapshot(2, "warmpool/busybox"));
        model.addFiles(List.of(tgz("amber.tgz", StartPoints.amber())));
        model.run();

        ReplayRow amber = model.rows().get(0);
        model.select(amber);

        assertThat(model.detailTitleProperty().get()).isEqualTo("amber.tgz");
        assertThat(model.facts()).contains(new ReplayViewModel.Fact("outcome", "amber"), new ReplayViewModel.Fact("status", "2"),
                new ReplayViewModel.Fact("total", "1.23 s"), new ReplayViewModel.Fact("start", "warm container"));
        assertThat(model.sources()).extracting(ReplayViewModel.Source::name).containsExactly("stdout", "stderr", "created: report.txt");
        assertThat(model.sourceProperty().get().name()).isEqualTo("stdout");

        model.sourceProperty().set(model.sources().get(1));
        model.search().queryProperty().set("syntax");
        assertThat(model.search().matchTextProperty().get()).isEqualTo("1 of 1");

        model.select(null);
        assertThat(model.sources()).isEmpty();
    }

    @Test
    void runDoesNothingWithoutSubmissionsOrAnImage() {
        assertThat(model.canRunBinding().get()).isFalse();
        model.addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        assertThat(model.canRunBinding().get()).as("no pool yet").isFalse();
        model.update(snapshot(2, "warmpool/busybox"));
        assertThat(model.canRunBinding().get()).isTrue();
    }

    @Test
    void clearingResultsKeepsRunsThatAreStillGoing() {
        answerAtOnce = false;
        model.update(snapshot(1, "warmpool/busybox"));
        model.addFiles(List.of(tgz("red.tgz", StartPoints.red())));
        model.repeatsProperty().set(2);
        model.run();
        pendingRuns.get(0).complete(result("x", "warmpool/busybox", Outcome.RED));

        model.clearResults();

        assertThat(model.rows()).hasSize(1);
        assertThat(model.rows().get(0).light()).isEqualTo(ReplayRow.Light.RUNNING);
    }
}
