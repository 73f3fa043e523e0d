package org.warmpool.engine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's schema has a version: old journals are brought up to it, newer ones refused, a failed step undone. */
class JournalSchemaTest {
    @TempDir
    Path dir;
    Journal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    Path file() {
        return dir.resolve("journal.db");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    /** A journal exactly as the build before versions wrote it: its pragmas, tables and indexes, user_version 0. */
    void journalFromBeforeVersions() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS runs (
                      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                      client_id   TEXT    NOT NULL,
                      door        TEXT    NOT NULL,
                      image       TEXT    NOT NULL,
                      max_seconds INTEGER NOT NULL,
                      files_back  INTEGER NOT NULL,
                      received_at INTEGER NOT NULL,
                      tgz         BLOB    NOT NULL,
                      bytes       INTEGER NOT NULL,
                      finished_at INTEGER,
                      outcome     TEXT,
                      total_ms    INTEGER,
                      warm        INTEGER,
                      reply       TEXT
                    )""");
            s.execute("CREATE INDEX IF NOT EXISTS runs_received ON runs(received_at)");
            s.execute("CREATE INDEX IF NOT EXISTS runs_image ON runs(image, received_at)");
            s.execute("CREATE INDEX IF NOT EXISTS runs_outcome ON runs(outcome, received_at)");
            s.execute("INSERT INTO runs (client_id, door, image, max_seconds, files_back, received_at, tgz, bytes, finished_at,"
                    + " outcome, total_ms, warm, reply) VALUES ('kata-1', 'ws', 'warmpool/python-pytest', 10, 0, 1764325800000,"
                    + " x'1f8b', 2 + 17, 1764325801000, 'red', 900, 1, '{\"outcome\":\"red\"}')");
            s.execute("INSERT INTO runs (client_id, door, image, max_seconds, files_back, received_at, tgz, bytes)"
                    + " VALUES ('kata-2', 'http', 'warmpool/busybox', 5, 1, 1764325802000, x'1f8b08', 3)");
        }
    }

    long pragma(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    List<String> columns() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(runs)")) {
            while (r.next()) {
                names.add(r.getString("name"));
            }
        }
        return names;
    }

    @Test
    void aJournalWrittenBeforeVersionsOpensAtTheLatestVersionWithEveryRunKept() throws Exception {
        journalFromBeforeVersions();

        journal = Journal.open(JournalConfig.at(file()));

        List<JournalEntry> entries = journal.find(JournalFilter.ALL, 10);
        assertThat(entries).extracting(JournalEntry::id).containsExactly("kata-1", "kata-2");
        JournalEntry red = entries.get(0);
        assertThat(red.outcome()).isEqualTo("red");
        assertThat(red.totalMillis()).isEqualTo(900);
        assertThat(red.warm()).isTrue();
        assertThat(red.reply()).isEqualTo("{\"outcome\":\"red\"}");
        assertThat(entries.get(1).outcome()).as("a run whose reply never came").isNull();
        assertThat(journal.tgz(entries.get(1).seq())).containsExactly(0x1f, 0x8b, 0x08);
        assertThat(journal.stats().runs()).isEqualTo(2);
        assertThat(journal.stats().bytes()).isEqualTo(22);

        journal.accepted("ws", "kata-3", "warmpool/busybox", 10, false, () -> new byte[] {1}).finish("green", 1, true, "{}").join();
        assertThat(journal.find(JournalFilter.ALL, 10)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        journal.close();
        journal = null;
        assertThat(pragma("user_version")).as("the journal's version once opened").isEqualTo(Schema.LATEST);
    }

    @Test
    void aVersionOneJournalGainsParticipantsAndSessionsWithItsRunsKeptAndAnonymous() throws Exception {
        journalFromBeforeVersions();
        journal = Journal.open(JournalConfig.at(file()));

        assertThat(journal.find(JournalFilter.ALL, 10)).extracting(JournalEntry::participant).containsExactly(null, null);
        assertThat(journal.find(JournalFilter.parse("participant=anonymous"), 10)).as("old runs are anonymous").hasSize(2);
        assertThat(journal.sessionStart()).as("no session marked yet").isEmpty();
        journal.accepted("ws", "w-1", "alice", "warmpool/busybox", 10, false, () -> new byte[] {1})
                .finish("green", 5, true, "{}").join();
        assertThat(journal.find(JournalFilter.parse("participant=alice"), 10)).extracting(JournalEntry::id).containsExactly("w-1");
        java.time.Instant mark = java.time.Instant.parse("2026-11-29T09:00:00Z");
        journal.markSession(mark);
        assertThat(journal.sessionStart()).contains(mark);
        journal.close();
        journal = null;

        assertThat(pragma("user_version")).isEqualTo(Schema.LATEST).isGreaterThanOrEqualTo(3);
        assertThat(columns()).contains("participant");
        journal = Journal.open(JournalConfig.at(file()));
        assertThat(journal.sessionStart()).as("the mark after reopening").contains(mark);
        assertThat(journal.find(JournalFilter.ALL, 10)).extracting(JournalEntry::participant).containsExactly(null, null, "alice");
    }

    @Test
    void theParticipantsStepMayRunOnAJournalThatHasItsColumnAlready() throws Exception {
        journalFromBeforeVersions();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE runs ADD COLUMN participant TEXT");
        }
        journal = Journal.open(JournalConfig.at(file()));
        assertThat(journal.find(JournalFilter.ALL, 10)).hasSize(2);
    }

    @Test
    void aNewJournalIsAtTheLatestVersionAndReturnsFreedSpace() throws Exception {
        journal = Journal.open(JournalConfig.at(file()));
        journal.close();
        journal = null;

        assertThat(pragma("user_version")).isEqualTo(Schema.LATEST);
        assertThat(pragma("auto_vacuum")).as("auto_vacuum (2 = incremental)").isEqualTo(2);
        assertThat(columns()).startsWith("seq", "client_id", "door", "image");
    }

    @Test
    void aJournalFromANewerWarmpoolIsRefusedWithTheReasonAndLeftAsItIs() throws Exception {
        int newer = Schema.LATEST + 1;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE runs (seq INTEGER PRIMARY KEY, something_new TEXT)");
            s.execute("INSERT INTO runs (something_new) VALUES ('kept')");
            s.execute("PRAGMA user_version = " + newer);
        }
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> Journal.open(JournalConfig.at(file())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("was written by a newer Warmpool")
                .hasMessageContaining("schema version " + newer + "; this one knows up to " + Schema.LATEST)
                .hasMessageContaining("left as it is");

        assertThat(Files.readAllBytes(file())).as("the newer journal's bytes").isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("files beside it").containsExactly("journal.db");
        }
    }

    @Test
    void aStepThatFailsUndoesTheStepsBeforeItAndTheVersion() throws Exception {
        List<Schema.Migration> steps = List.of(Schema.MIGRATIONS.get(0),
                new Schema.Migration(2, "a column", s -> s.execute("ALTER TABLE runs ADD COLUMN language TEXT")),
                new Schema.Migration(3, "a mistake", s -> s.execute("ALTER TABLE no_such_table ADD COLUMN x TEXT")));

        try (Connection c = connect()) {
            assertThatThrownBy(() -> Schema.migrate(c, file(), steps))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("from schema version 0 to 3 (step 3, a mistake)")
                    .hasMessageContaining("no_such_table")
                    .hasMessageContaining("left as it was");
            assertThat(c.getAutoCommit()).as("auto-commit after a failed migration").isTrue();
        }

        assertThat(pragma("user_version")).isZero();
        assertThat(columns()).as("the runs table of step 1").isEmpty();
    }

    @Test
    void theNextStepRunsOnAJournalAtTheVersionBeforeItAndKeepsItsRuns() throws Exception {
        journalFromBeforeVersions();
        journal = Journal.open(JournalConfig.at(file()));
        journal.close();
        journal = null;
        List<Schema.Migration> next = new ArrayList<>(Schema.MIGRATIONS);
        next.add(new Schema.Migration(Schema.LATEST + 1, "runs name their language",
                s -> s.execute("ALTER TABLE runs ADD COLUMN language TEXT")));

        try (Connection c = connect()) {
            Schema.migrate(c, file(), next);
            Schema.migrate(c, file(), next);
        }

        assertThat(pragma("user_version")).isEqualTo(Schema.LATEST + 1);
        assertThat(columns()).last().isEqualTo("language");
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM runs");
             ResultSet r = s.executeQuery()) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aVersionOneJournalGainsTheSaversOutboxWithItsRunsKeptAndNoneOfThemWaiting() throws Exception {
        journalFromBeforeVersions();
        try (Connection c = connect()) {
            Schema.migrate(c, file(), Schema.MIGRATIONS.subList(0, 1));
        }
        assertThat(pragma("user_version")).isEqualTo(1);

        try (SaverStub stub = new SaverStub()) {
            journal = Journal.open(JournalConfig.at(file()));
            assertThat(columns()).contains("saver_state", "saver_key", "saver_attempts", "saver_error", "forwarded_at");
            assertThat(journal.find(JournalFilter.ALL, 10)).extracting(JournalEntry::id).containsExactly("kata-1", "kata-2");
            assertThat(journal.saverCounts()).as("runs from before are not for the saver")
                    .isEqualTo(new Journal.SaverCounts(0, 0, 0));

            Saver saver = new Saver(stub.url(), journal);
            try {
                journal.accepted("ws", "kata-3", "warmpool/busybox", 10, false, () -> new byte[] {1})
                        .finish("green", 1, true, "{\"id\":\"kata-3\"}", saver).join();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> journal.saverCounts().sent() == 1);
            } finally {
                saver.close(java.time.Duration.ZERO);
            }
            assertThat(stub.requests).extracting(SaverStub.Request::body).containsExactly("{\"id\":\"kata-3\"}");
        }
        assertThat(pragma("user_version")).isEqualTo(Schema.LATEST);
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("EXPLAIN QUERY PLAN SELECT seq FROM runs WHERE saver_state = 'pending' AND seq > 0"
                     + " ORDER BY seq LIMIT 64")) {
            r.next();
            assertThat(r.getString("detail")).as("the saver finds what waits by its index").contains("runs_saver_pending");
        }
    }

    @Test
    void theStepsAreNumberedFromOneInOrder() {
        assertThat(Schema.MIGRATIONS).extracting(Schema.Migration::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, Schema.LATEST).boxed().toList());
        assertThat(Schema.MIGRATIONS).extracting(Schema.Migration::name).doesNotContainNull().allMatch(n -> !n.isBlank());
    }

    @Test
    void aFileThatIsNotADatabaseIsStillSetAsideRatherThanRefused() throws Exception {
        Files.writeString(file(), "not SQLite, and longer than the 100 bytes of a database header would be ....................",
                StandardCharsets.UTF_8);

        journal = Journal.open(JournalConfig.at(file()));

        assertThat(journal.stats().problem()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("journal.db.unreadable-"));
        }
    }
}
