package org.warmpool.app;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar's words, from fakes of the ports it reads. */
class StatusViewModelTest {
    static final Path SETTINGS = Path.of("/home/ada/.config/warmpool/config.json");

    final Fakes.FakeJournal journal = Fakes.FakeJournal.recording(120, 1_400_000);
    Optional<FirstStartStatus> firstStart = Optional.empty();

    StatusViewModel status(String problem) {
        return new StatusViewModel(problem.isEmpty() ? Fakes.addresses("ws://127.0.0.1:4598/", "http://127.0.0.1:4597", "")
                : Fakes.addresses(null, null, problem), journal, () -> firstStart, SETTINGS, ZoneOffset.UTC);
    }

    static EngineSnapshot snapshot(boolean docker) {
        return new EngineSnapshot(Instant.parse("2026-11-29T10:00:00Z"), docker, docker ? "" : "Docker is not answering.",
                List.of(Fakes.pool("warmpool/busybox", 2, 2, 1)), List.of(),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 3, 0, 0, Map.of()), 0, 0, 0, 0, 42, 0);
    }

    static FirstStartStatus firstStart(FirstStartStatus.State state, Path savedIn) {
        Map<String, Integer> pools = new LinkedHashMap<>();
        if (state == FirstStartStatus.State.DONE) {
            pools.put("warmpool/busybox", 1);
            pools.put("warmpool/python-pytest", 1);
        }
        return new FirstStartStatus(state, "no settings file", 1, pools,
                state == FirstStartStatus.State.DONE ? Map.of("debian:12", "no sandbox user") : Map.of(), "", savedIn);
    }

    @Test
    void theStatusBarShowsTheNewestEngineNoticeWithItsTime() {
        StatusViewModel status = status("");

        status.update(snapshot(true), List.of(
                new EngineEvent.Notice(Instant.parse("2026-11-29T10:00:00Z"), EngineEvent.Notice.Level.INFO, "first start: pools for the demo images"),
                new EngineEvent.Notice(Instant.parse("2026-11-29T10:00:05Z"), EngineEvent.Notice.Level.WARNING,
                        "The Ruby runtime that colours runs failed")));

        assertThat(status.noticeProperty().get()).as("notice").isEqualTo("10:00:05  The Ruby runtime that colours runs failed");
        assertThat(status.noticeIsWarningProperty().get()).as("shown as a warning").isTrue();

        status.update(snapshot(true), List.of());
        assertThat(status.noticeProperty().get()).as("a frame without notices keeps the last one")
                .endsWith("The Ruby runtime that colours runs failed");
    }

    @Test
    void whereClientsConnectOrWhyTheyCannot() {
        StatusViewModel open = status("");
        assertThat(open.webSocketLine()).isEqualTo("WebSocket  ws://127.0.0.1:4598/");
        assertThat(open.httpLine()).isEqualTo("HTTP  http://127.0.0.1:4597");
        assertThat(open.gatewayProblem()).isEmpty();

        StatusViewModel closed = status("HTTP port 4597 on 127.0.0.1 is in use (is another Warmpool running?)");
        assertThat(closed.gatewayProblem()).isEqualTo("Clients cannot connect: HTTP port 4597 on 127.0.0.1 is in use"
                + " (is another Warmpool running?) — change the ports in " + SETTINGS + " and restart.");
    }

    @Test
    void theJournalLineSaysWhatItHoldsOrWhyItDoesNotRecord() {
        StatusViewModel status = status("");
        assertThat(status.journalProperty().get()).isEqualTo("Journal 120 runs · 1.4 MB");
        assertThat(status.journalWellProperty().get()).isTrue();

        journal.status = new JournalStatus(true, Path.of("/tmp/journal.db"), 120, 1_400_000, 120, 0, 0, "the disk is full");
        status.update(snapshot(true), List.of());
        assertThat(status.journalProperty().get()).isEqualTo("the disk is full");
        assertThat(status.journalWellProperty().get()).isFalse();

        journal.status = Fakes.FakeJournal.off("").status;
        status.update(snapshot(true), List.of());
        assertThat(status.journalProperty().get()).isEqualTo("Not recording (journal off)");
        assertThat(status.journalWellProperty().get()).as("off on purpose is well").isTrue();
    }

    @Test
    void theJournalLineSaysWhatWaitsForTheSaverAndWhatIsWrongWithIt() {
        URI saver = URI.create("http://saver.example/results");
        journal.saver = new SaverStatus(saver, true, 0, 40, 0, 0, 0, "");
        StatusViewModel status = status("");
        assertThat(status.journalProperty().get()).isEqualTo("Journal 120 runs · 1.4 MB · Saver up to date");
        assertThat(status.journalWellProperty().get()).isTrue();

        journal.saver = new SaverStatus(saver, true, 3, 40, 1, 0, 0, "the saver at " + saver + " does not take results (HTTP 503)");
        status.update(snapshot(true), List.of());
        assertThat(status.journalProperty().get()).isEqualTo("Journal 120 runs · 1.4 MB · Saver 3 waiting, 1 rejected"
                + " — the saver at " + saver + " does not take results (HTTP 503)");
        assertThat(status.journalWellProperty().get()).isFalse();

        journal.status = Fakes.FakeJournal.off("").status;
        journal.saver = new SaverStatus(saver, false, 2, 40, 0, 1, 5, "");
        status.update(snapshot(true), List.of());
        assertThat(status.journalProperty().get()).isEqualTo("Not recording (journal off) · Saver 2 waiting in memory, 6 lost");
        assertThat(status.journalWellProperty().get()).isTrue();
    }

    @Test
    void theFirstStartLineFollowsItFromWaitingToDoneAndSaysWhereItIsSaved() {
        StatusViewModel status = status("");
        assertThat(status.firstStartShownProperty().get()).as("settings that name the pools: no line").isFalse();

        firstStart = Optional.of(firstStart(FirstStartStatus.State.WAITING_FOR_DOCKER, null));
        status.update(snapshot(false), List.of());
        assertThat(status.firstStartProperty().get()).isEqualTo("First start: choosing pools once Docker answers …");

        firstStart = Optional.of(firstStart(FirstStartStatus.State.DONE, SETTINGS));
        status.update(snapshot(true), List.of());
        assertThat(status.firstStartProperty().get()).isEqualTo(
                "First start: started pools for warmpool/busybox, warmpool/python-pytest (1 ready each) — saved in the settings");
        assertThat(status.firstStartDetailProperty().get()).isEqualTo("First start: no settings file, so pools for"
                + " warmpool/busybox=1, warmpool/python-pytest=1 — edit or remove them in " + SETTINGS + ".\nNo pool for debian:12: no sandbox user");
        assertThat(status.firstStartShownProperty().get()).isTrue();
    }

    @Test
    void dockerAwayShowsTheBannerAndTheCountsSumThePools() {
        StatusViewModel status = status("");
        status.update(snapshot(false), List.of());
        assertThat(status.dockerAvailableProperty().get()).isFalse();
        assertThat(status.dockerProblemProperty().get()).startsWith("Docker is not answering.").contains("recovers by itself");
        assertThat(status.summaryProperty().get()).isEqualTo("1 pools · 2 ready · 1 running · 3 connections · 42 runs");
    }
}
