package org.warmpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineEvent;

class StatusViewModelTest {

    @Test
    void theStatusBarShowsTheNewestEngineNoticeWithItsTime() {
        StatusViewModel status = new StatusViewModel("ws://127.0.0.1:4598/", "http://127.0.0.1:4597/", "");
        Instant first = Instant.parse("2026-11-29T10:00:00Z");
        Instant second = Instant.parse("2026-11-29T10:00:05Z");

        status.noticeFrom(List.of(
                new EngineEvent.Notice(first, EngineEvent.Notice.Level.INFO, "first start: pools for the demo images"),
                new EngineEvent.Notice(second, EngineEvent.Notice.Level.WARNING, "The Ruby runtime that colours runs failed")));

        String at = DateTimeFormatter.ofPattern("HH:mm:ss").format(second.atZone(ZoneId.systemDefault()));
        assertThat(status.noticeProperty().get()).as("notice").isEqualTo(at + "  The Ruby runtime that colours runs failed");
        assertThat(status.noticeIsWarningProperty().get()).as("shown as a warning").isTrue();

        status.noticeFrom(List.of());
        assertThat(status.noticeProperty().get()).as("a frame without notices keeps the last one")
                .endsWith("The Ruby runtime that colours runs failed");
    }
}
