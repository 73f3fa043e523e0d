package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal on its own: what goes in comes out, limits evict the oldest, a bad file is set aside. */
class JournalTest {
    @TempDir
    Path dir;
    Journal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    Journal open(long maxRuns, long maxBytes) throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")).withLimits(maxRuns, maxBytes));
        return journal;
    }

    static byte[] archive(int n, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) n;
        return bytes;
    }

    void record(int n, String outcome, int size) {
        Journal.Recording r = journal.accepted("ws", "run-" + n, "warmpool/busybox", 10, false, () -> archive(n, size));
        r.finish(outcome, 100 + n, true, "{\"type\":\"result\",\"id\":\"run-" + n + "\",\"outcome\":\"" + outcome + "\"}").join();
    }

    @Test
    void aRecordedSubmissionComesBackWithItsArchiveAndReply() throws Exception {
        open(100, 1 << 20);
        Journal.Recording r = journal.accepted("http", "abc", "warmpool/python-pytest", 7, true,
                () -> "the archive".getBytes(StandardCharsets.UTF_8));
        r.finish("red", 321, false, "{\"outcome\":\"red\"}").join();

        List<JournalEntry> entries = journal.find(JournalFilter.ALL, 10);
        assertThat(entries).hasSize(1);
        JournalEntry e = entries.get(0);
        assertThat(e.id()).isEqualTo("abc");
        assertThat(e.door()).isEqualTo("http");
        assertThat(e.image()).isEqualTo("warmpool/python-pytest");
        assertThat(e.maxSeconds()).isEqualTo(7);
        assertThat(e.filesBack()).isTrue();
        assertThat(e.outcome()).isEqualTo("red");
        assertThat(e.totalMillis()).isEqualTo(321);
        assertThat(e.warm()).isFalse();
        assertThat(e.reply()).isEqualTo("{\"outcome\":\"red\"}");
        assertThat(new String(journal.tgz(e.seq()), StandardCharsets.UTF_8)).isEqualTo("the archive");
    }

    @Test
    void aSubmissionWhoseReplyNeverCameIsStillRecorded() throws Exception {
        open(100, 1 << 20);
        Long seq = journal.accepted("ws", "lost", "warmpool/busybox", 10, false, () -> archive(1, 10)).seq().join();
        journal.close();
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));

        JournalEntry e = journal.find(JournalFilter.ALL, 10).get(0);
        assertThat(e.seq()).isEqualTo(seq);
        assertThat(e.outcome()).as("outcome of a run without reply").isNull();
        assertThat(e.reply()).isNull();
    }

    @Test
    void retentionByCountEvictsTheOldestFirst() throws Exception {
        open(5, 1 << 20);
        IntStream.rangeClosed(1, 8).forEach(n -> record(n, "green", 100));

        assertThat(journal.find(JournalFilter.ALL, 100)).extracting(JournalEntry::id)
                .containsExactly("run-4", "run-5", "run-6", "run-7", "run-8");
        assertThat(journal.stats().runs()).isEqualTo(5);
        assertThat(journal.stats().evicted()).isEqualTo(3);
    }

    @Test
    void retentionByBytesEvictsTheOldestFirst() throws Exception {
        open(1000, 1 << 20);
        // 300 KiB each: a fourth would pass 1 MiB, so the first goes
        IntStream.rangeClosed(1, 4).forEach(n -> record(n, "red", 300 * 1024));

        assertThat(journal.find(JournalFilter.ALL, 100)).extracting(JournalEntry::id)
                .containsExactly("run-2", "run-3", "run-4");
        assertThat(journal.stats().bytes()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void aFilterSelectsByImageOutcomeAndTime() throws Exception {
        open(100, 1 << 20);
        record(1, "red", 10);
        record(2, "green", 10);
        Journal.Recording other = journal.accepted("ws", "py", "warmpool/python-pytest", 10, false, () -> archive(3, 10));
        other.finish("red", 5, true, "{}").join();

        assertThat(journal.find(JournalFilter.parse("outcome=red"), 10)).extracting(JournalEntry::id).containsExactly("run-1", "py");
        assertThat(journal.find(JournalFilter.parse("image=warmpool/busybox,outcome=red"), 10)).extracting(JournalEntry::id)
                .containsExactly("run-1");
        assertThat(journal.find(JournalFilter.parse("since=2000-01-01"), 10)).hasSize(3);
        assertThat(journal.find(JournalFilter.parse("until=2000-01-01T00:00"), 10)).isEmpty();
        assertThat(journal.find(JournalFilter.ALL, 2)).as("the most recent two").extracting(JournalEntry::id)
                .containsExactly("run-2", "py");
    }

    @Test
    void filtersReadLocalTimesInTheGivenZoneAndRefuseWhatTheyCannotRead() {
        assertThat(JournalFilter.parse("since=2026-11-28T10:00", ZoneOffset.ofHours(1)).since())
                .isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
        assertThat(JournalFilter.parse("since=2026-11-28T10:00:00Z").since()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThatThrownBy(() -> JournalFilter.parse("colour=red")).hasMessageContaining("unknown filter key \"colour\"");
        assertThatThrownBy(() -> JournalFilter.parse("outcome=blue")).hasMessageContaining("outcome=blue is not one of");
        assertThatThrownBy(() -> JournalFilter.parse("since=yesterday")).hasMessageContaining("\"yesterday\" is not a time");
        assertThatThrownBy(() -> JournalFilter.parse("image")).hasMessageContaining("is not key=value");
    }

    @Test
    void anExportIsAFolderOfArchivesAndAJsonLinesFileOfResults() throws Exception {
        open(100, 1 << 20);
        record(1, "red", 10);
        record(2, "green", 20);
        Path out = dir.resolve("export");

        int n = journal.export(JournalFilter.parse("outcome=green"), 100, out);

        assertThat(n).isEqualTo(1);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("00000002-run-2.tgz", "results.jsonl");
        }
        assertThat(Files.readAllBytes(out.resolve("00000002-run-2.tgz"))).isEqualTo(archive(2, 20));
        assertThat(Files.readString(out.resolve("results.jsonl")))
                .contains("\"file\":\"00000002-run-2.tgz\"", "\"outcome\":\"green\"", "\"reply\":{\"type\":\"result\"");
    }

    @Test
    void aFileThatIsNotADatabaseIsSetAsideAndANewJournalStarted() throws Exception {
        Path file = dir.resolve("journal.db");
        Files.writeString(file, "this is not SQLite, and it is longer than a database header would be ............");

        journal = Journal.open(JournalConfig.at(file));
        record(1, "green", 10);

        assertThat(journal.find(JournalFilter.ALL, 10)).hasSize(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("journal.db.unreadable-"));
        }
    }

    @Test
    void aReplyWaitsOnlyForItsOwnCommitAndAllOfABurstIsKept() throws Exception {
        open(100_000, 1L << 30);
        long start = System.nanoTime();
        List<Double> waits = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<CompletableFuture<Void>> done = IntStream.range(0, 500).parallel().mapToObj(n -> {
            Journal.Recording r = journal.accepted("ws", "b" + n, "warmpool/busybox", 10, false, () -> archive(n, 2000));
            long asked = System.nanoTime();
            return r.finish("green", 1, true, "{\"type\":\"result\"}")
                    .whenComplete((v, e) -> waits.add((System.nanoTime() - asked) / 1e6));
        }).toList();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        System.out.printf("journal: 500 submissions and replies in %.0f ms; a reply waited for its commit %s%n",
                (System.nanoTime() - start) / 1e6, org.warmpool.engine.api.LatencyStats.of(waits));

        assertThat(journal.find(JournalFilter.parse("outcome=green"), 1000)).hasSize(500);
        assertThat(journal.stats().problem()).isEmpty();
    }

    @Test
    void aReplyAtWorkshopPaceWaitsOnlyForAnAppendToTheLog() throws Exception {
        open(100_000, 1L << 30);
        List<Double> waits = new java.util.ArrayList<>();
        for (int n = 0; n < 300; n++) {
            int i = n;
            Journal.Recording r = journal.accepted("ws", "p" + n, "warmpool/busybox", 10, false, () -> archive(i, 4000));
            r.seq().join(); // the archive is written while the run goes on
            long asked = System.nanoTime();
            r.finish("red", 400, true, "{\"type\":\"result\",\"stdout\":{\"content\":\"" + "x".repeat(2000) + "\"}}").join();
            waits.add((System.nanoTime() - asked) / 1e6);
        }
        System.out.printf("journal: one reply at a time waited for its commit %s%n", org.warmpool.engine.api.LatencyStats.of(waits));
        assertThat(journal.find(JournalFilter.parse("outcome=red"), 1000)).hasSize(300);
    }
}
