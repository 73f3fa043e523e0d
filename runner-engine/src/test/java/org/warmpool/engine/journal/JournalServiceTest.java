package org.warmpool.engine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal behind the engine's door: what it says and does when recording, switched off, or failed to open. */
class JournalServiceTest {
    @TempDir
    Path dir;
    Journal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void whileRecordingItAnswersFromTheJournal() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        journal.accepted("ws", "kata-1", "warmpool/busybox", 10, false, () -> "the archive".getBytes(StandardCharsets.UTF_8))
                .finish("green", 12, true, "{\"outcome\":\"green\"}").join();
        JournalService service = JournalService.of(journal);

        JournalStatus status = service.status();
        assertThat(status.recording()).isTrue();
        assertThat(status.file()).isEqualTo(dir.resolve("journal.db"));
        assertThat(status.runs()).isEqualTo(1);
        assertThat(status.recorded()).isEqualTo(1);
        assertThat(status.problem()).isEmpty();
        JournalEntry entry = service.find(JournalFilter.parse("outcome=green"), 10).get(0);
        assertThat(entry.id()).isEqualTo("kata-1");
        assertThat(new String(service.archive(entry.seq()), StandardCharsets.UTF_8)).isEqualTo("the archive");
        assertThat(service.export(JournalFilter.ALL, 10, dir.resolve("out"))).isEqualTo(1);
        assertThat(dir.resolve("out").resolve("00000001-kata-1.tgz")).exists();
    }

    @Test
    void itShowsTheSaversStatusWhenThereIsASaver() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        assertThat(JournalService.of(journal).saver()).as("no saver configured").isEmpty();

        Saver saver = new Saver(java.net.URI.create("http://127.0.0.1:9/results"), journal);
        try {
            JournalService service = new JournalService(journal.config(), journal, "", saver::stats);
            assertThat(service.saver()).hasValueSatisfying(status -> {
                assertThat(status.url()).hasToString("http://127.0.0.1:9/results");
                assertThat(status.journalled()).isTrue();
                assertThat(status.pending()).isZero();
            });
        } finally {
            saver.close(java.time.Duration.ZERO);
        }
    }

    @Test
    void switchedOffItSaysSoWithTheFileItWouldUseAndRefusesQueries() {
        JournalConfig off = JournalConfig.off();
        JournalService service = new JournalService(off, null, "");

        assertThat(service.status()).isEqualTo(new JournalStatus(false, off.file(), 0, 0, 0, 0, 0, ""));
        assertThatThrownBy(() -> service.find(JournalFilter.ALL, 10)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("recording is off");
        assertThatThrownBy(() -> service.archive(1)).isInstanceOf(IOException.class).hasMessageStartingWith("recording is off");
        assertThatThrownBy(() -> service.export(JournalFilter.ALL, 10, dir.resolve("out"))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("recording is off");
        assertThat(dir.resolve("out")).as("an export folder without a journal").doesNotExist();
    }

    @Test
    void aJournalThatDidNotOpenGivesItsReasonInTheStatusAndInEveryRefusal() throws Exception {
        Path file = dir.resolve("journal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.LATEST + 1));
        }
        JournalConfig config = JournalConfig.at(file);
        String problem = "";
        try {
            journal = Journal.open(config);
        } catch (IOException e) {
            problem = e.getMessage();
        }
        assertThat(journal).as("a journal from a newer Warmpool").isNull();
        JournalService service = new JournalService(config, null, problem);

        JournalStatus status = service.status();
        assertThat(status.recording()).isFalse();
        assertThat(status.file()).isEqualTo(file);
        assertThat(status.problem()).contains("was written by a newer Warmpool");
        assertThatThrownBy(() -> service.find(JournalFilter.ALL, 10)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("recording is off").hasMessageContaining("was written by a newer Warmpool");
        assertThatThrownBy(() -> service.archive(1)).hasMessageContaining("was written by a newer Warmpool");
        assertThat(Files.exists(file)).isTrue();
    }
}
