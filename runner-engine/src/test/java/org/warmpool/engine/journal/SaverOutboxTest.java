package org.warmpool.engine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.SaverStatus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal as the saver's outbox, against a real saver on loopback: each result forwarded once
 * with a key of its own; results waiting while the saver is down survive closing the journal and
 * go after a restart with the keys they had; a 5xx is tried again, a 400 is not; retention keeps
 * what waits; a result the journal cannot take waits in memory and the status says so.
 */
class SaverOutboxTest {
    static final Saver.Pace FAST = new Saver.Pace(Duration.ofMillis(10), Duration.ofMillis(80), 1000);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    SaverStub stub;
    Journal journal;
    Saver saver;

    @AfterEach
    void close() {
        if (saver != null) {
            saver.close(Duration.ZERO);
        }
        if (journal != null) {
            journal.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    Journal openJournal(long maxRuns) throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")).withLimits(maxRuns, JournalConfig.DEFAULT_MAX_BYTES));
        return journal;
    }

    Saver startSaver() {
        saver = new Saver(stub.url(), journal, 100, FAST);
        return saver;
    }

    /** Closes the saver and the journal, as Warmpool stops, and opens them again, as it starts. */
    void restart() throws Exception {
        saver.close(Duration.ZERO);
        journal.close();
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
    }

    static String result(String id) {
        return "{\"type\":\"result\",\"id\":\"" + id + "\",\"image\":\"warmpool/busybox\",\"outcome\":\"green\"}";
    }

    /** A run, recorded and replied to; with {@code forward}, its result goes to the saver. */
    long record(String id, boolean forward) {
        Journal.Recording r = journal.accepted("ws", id, "warmpool/busybox", 10, false, () -> new byte[] {1, 2, 3});
        r.finish("green", 5, true, result(id), forward ? saver : null).join();
        return r.seq().join();
    }

    /** A run as the file says, read beside the journal. */
    record Row(long seq, String id, String state, String key, int attempts, String error, Long forwardedAt) {
    }

    List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq, client_id, saver_state, saver_key, saver_attempts, saver_error,"
                     + " forwarded_at FROM runs ORDER BY seq")) {
            while (r.next()) {
                long at = r.getLong(7);
                Long forwardedAt = r.wasNull() ? null : at;
                rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5), r.getString(6),
                        forwardedAt));
            }
        }
        return rows;
    }

    Journal.SaverCounts counts() throws Exception {
        return journal.saverCounts();
    }

    @Test
    void eachResultIsForwardedOnceWithAKeyOfItsOwnAndItsReplyAsTheBody() throws Exception {
        stub = new SaverStub();
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
        for (int i = 1; i <= 5; i++) {
            record("kata-" + i, true);
        }

        await().atMost(PATIENCE).until(() -> counts().sent() == 5);

        List<Row> rows = rows();
        assertThat(stub.requests).as("once each: every mark is written, so nothing is left to send")
                .extracting(SaverStub.Request::body)
                .containsExactly(result("kata-1"), result("kata-2"), result("kata-3"), result("kata-4"), result("kata-5"));
        assertThat(stub.requests).extracting(SaverStub.Request::key)
                .as("the key of each is the one its row keeps").containsExactlyElementsOf(rows.stream().map(Row::key).toList())
                .doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(UUID.fromString(key)).isNotNull());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.state()).isEqualTo("sent");
            assertThat(row.forwardedAt()).isNotNull();
            assertThat(row.attempts()).isEqualTo(1);
        });
        SaverStatus stats = saver.stats();
        assertThat(stats.journalled()).isTrue();
        assertThat(stats.pending()).isZero();
        assertThat(stats.sent()).isEqualTo(5);
        assertThat(stats.rejected() + stats.failed() + stats.dropped()).isZero();
        assertThat(stats.problem()).isEmpty();
    }

    @Test
    void resultsWaitingWhileTheSaverIsDownSurviveARestartAndGoThenInJournalOrderWithTheKeysTheyHad() throws Exception {
        stub = new SaverStub();
        stub.answerAlways(503);
        stub.reason = "saver restarting";
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
        for (int i = 1; i <= 3; i++) {
            record("kata-" + i, true);
        }
        String firstKey = rows().get(0).key();

        await().atMost(PATIENCE).until(() -> stub.attempts(firstKey) >= 2 && saver.stats().problem().contains("503"));
        SaverStatus down = saver.stats();
        assertThat(down.pending()).isEqualTo(3);
        assertThat(down.sent()).isZero();
        assertThat(down.problem()).contains("does not take results", "HTTP 503: saver restarting", "wait in the journal");
        assertThat(stub.requests).as("the oldest first, and only it while the saver is down")
                .extracting(SaverStub.Request::key).containsOnly(firstKey);

        saver.close(Duration.ZERO);
        journal.close();
        List<Row> before = rows();
        assertThat(before).extracting(Row::state).containsOnly("pending");
        assertThat(before).extracting(Row::key).doesNotContainNull().doesNotHaveDuplicates();

        stub.answerAlways(200);
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        assertThat(counts().pending()).as("waiting in the file").isEqualTo(3);
        startSaver();

        await().atMost(PATIENCE).until(() -> counts().sent() == 3);
        assertThat(stub.stored()).as("in journal order, with the keys from before the restart")
                .extracting(SaverStub.Request::key).containsExactlyElementsOf(before.stream().map(Row::key).toList());
        assertThat(stub.stored()).extracting(SaverStub.Request::body)
                .containsExactly(result("kata-1"), result("kata-2"), result("kata-3"));
        assertThat(rows().get(0).attempts()).as("attempts counted before and after the restart")
                .isBetween(2, (int) stub.attempts(firstKey));
        assertThat(saver.stats().pending()).isZero();
        assertThat(saver.stats().problem()).isEmpty();
    }

    @Test
    void aSaverAnswering500IsTriedAgainWithTheSameKeyUntilItTakesTheResult() throws Exception {
        stub = new SaverStub();
        stub.answer = r -> stub.attempts(r.key()) < 2 ? 500 : 200;
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
        for (int i = 1; i <= 3; i++) {
            record("kata-" + i, true);
        }

        await().atMost(PATIENCE).until(() -> counts().sent() == 3);

        for (Row row : rows()) {
            assertThat(stub.attempts(row.key())).as("attempts of " + row.id()).isEqualTo(3);
            assertThat(row.attempts()).isEqualTo(3);
            assertThat(row.state()).isEqualTo("sent");
            assertThat(row.error()).as("the last failure is forgotten once sent").isNull();
        }
        assertThat(stub.stored()).hasSize(3);
        assertThat(saver.stats().sent()).isEqualTo(3);
        assertThat(saver.stats().problem()).isEmpty();
    }

    @Test
    void aResultTheSaverRefusesAsBadIsMarkedRejectedWithTheReasonAndNeverTriedAgain() throws Exception {
        stub = new SaverStub();
        stub.answer = r -> r.body().contains("kata-bad") ? 400 : 201;
        stub.reason = "no such kata";
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
        record("kata-1", true);
        long bad = record("kata-bad", true);
        record("kata-3", true);

        await().atMost(PATIENCE).until(() -> counts().sent() == 2 && counts().rejected() == 1);
        Row rejected = rows().stream().filter(r -> r.seq() == bad).findFirst().orElseThrow();
        assertThat(rejected.state()).isEqualTo("rejected");
        assertThat(rejected.error()).isEqualTo("HTTP 400: no such kata");
        assertThat(rejected.forwardedAt()).isNull();
        SaverStatus stats = saver.stats();
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(stats.pending()).isZero();
        assertThat(stats.problem()).contains("refused run " + bad + " (kata-bad): HTTP 400: no such kata", "marked rejected");

        restart();
        record("kata-4", true);
        await().atMost(PATIENCE).until(() -> counts().sent() == 3);
        assertThat(stub.attempts(rejected.key())).as("tried once, before and after a restart").isEqualTo(1);
        assertThat(counts().rejected()).isEqualTo(1);
    }

    @Test
    void retentionRemovesWhatWaitsForTheSaverOnlyWhenNothingElseIsLeftAndSaysSo() throws Exception {
        stub = new SaverStub();
        stub.answerAlways(503);
        openJournal(3);
        startSaver();
        record("waits-1", true);
        record("waits-2", true);
        record("done-1", false);
        record("done-2", false);
        assertThat(rows()).as("over the limit of 3: the oldest that does not wait went")
                .extracting(Row::id).containsExactly("waits-1", "waits-2", "done-2");

        record("waits-3", true);
        assertThat(rows()).extracting(Row::id).containsExactly("waits-1", "waits-2", "waits-3");
        assertThat(saver.stats().dropped()).isZero();

        record("waits-4", true);
        assertThat(rows()).as("only waiting results left: the oldest of them had to go")
                .extracting(Row::id).containsExactly("waits-2", "waits-3", "waits-4");
        SaverStatus stats = saver.stats();
        assertThat(stats.dropped()).isEqualTo(1);
        assertThat(stats.pending()).isEqualTo(3);
        assertThat(stats.problem()).contains("1 result(s) were removed from the journal by its limits before the saver had them");
        assertThat(counts().pending()).isEqualTo(3);
        assertThat(journal.stats().evicted()).isEqualTo(3);
    }

    @Test
    void aResultTheJournalCannotTakeForAWhileIsHeldThenForwardedFromTheJournal() throws Exception {
        stub = new SaverStub();
        openJournal(JournalConfig.DEFAULT_MAX_RUNS);
        startSaver();
        Journal.Recording r = journal.accepted("ws", "locked-out", "warmpool/busybox", 10, false, () -> new byte[] {1});
        r.seq().join();

        CompletableFuture<Void> replied;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another writer holds the file: the journal's write fails, as on a full disk
            replied = r.finish("green", 5, true, result("locked-out"), saver);
            await().atMost(PATIENCE).until(() -> journal.stats().problem().contains("held in memory"));
            replied.join(); // the client is not kept waiting meanwhile
            assertThat(stub.stored()).as("nothing forwarded while the journal cannot take it").isEmpty();
            s.execute("ROLLBACK");
        }

        await().atMost(PATIENCE).until(() -> saver.stats().sent() == 1);
        assertThat(stub.stored()).singleElement().extracting(SaverStub.Request::body).isEqualTo(result("locked-out"));
        assertThat(rows().get(0).state()).as("it went through the journal's outbox").isEqualTo("sent");
        assertThat(journal.stats().problem()).isEmpty();
        assertThat(saver.stats().problem()).isEmpty();
    }
}
