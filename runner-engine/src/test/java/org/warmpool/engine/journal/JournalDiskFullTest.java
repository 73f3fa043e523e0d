package org.warmpool.engine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.JournalFilter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A journal on a disk that fills up (a 32 MB tmpfs, so root only) keeps every run: replies are not
 * held back, the status says what is wrong, and what could not be written goes in once there is room.
 */
class JournalDiskFullTest {
    @TempDir
    Path dir;
    Path disk;
    boolean mounted;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        assumeTrue("0".equals(run("id", "-u").trim()), "needs root to mount a tmpfs");
        disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "warmpool-test", disk.toString()).isEmpty(), "mount failed");
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", disk.toString());
        }
    }

    @Test
    void runsRecordedWhileTheDiskIsFullAreWrittenOnceThereIsRoomAgain() throws Exception {
        Journal journal = Journal.open(JournalConfig.at(disk.resolve("journal.db")));
        try {
            record(journal, "before", 0).join();
            Path ballast = disk.resolve("ballast");
            fill(ballast);

            List<CompletableFuture<Void>> replies = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                replies.add(record(journal, "while-full", n));
            }
            // the replies were let through: no client waits on a full disk
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(journal.stats().problem()).as("%s", journal.stats()).contains("held in memory"));
            assertThat(journal.stats().pending()).isPositive();

            Files.delete(ballast);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(journal.stats()).matches(s -> s.pending() == 0 && s.problem().isEmpty(), "all written"));
            assertThat(journal.find(JournalFilter.ALL, 100)).extracting(e -> e.id())
                    .contains("before-0").contains("while-full-0", "while-full-19").hasSize(21);
            assertThat(journal.find(JournalFilter.ALL, 100)).allSatisfy(e -> assertThat(e.outcome()).isEqualTo("green"));
        } finally {
            journal.close();
        }
    }

    @Test
    void aJournalThatOutgrewItsDiskGivesUpItsOldestRunsForTheNewest() throws Exception {
        Journal journal = Journal.open(JournalConfig.at(disk.resolve("journal.db")), Duration.ofSeconds(2));
        try {
            // a journal whose own runs fill its disk (32 MB, 16 KB archives): writes are held
            int old = 0;
            while (journal.stats().problem().isEmpty() && old < 5000) {
                record(journal, "old", old++).get(30, TimeUnit.SECONDS);
            }
            assertThat(journal.stats().problem()).as("%s after %d runs", journal.stats(), old).contains("held in memory");
            for (int n = 0; n < 5; n++) {
                record(journal, "newest", n).get(30, TimeUnit.SECONDS);
            }

            // after its patience it gives up its oldest runs, and the newest go in
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(journal.stats()).matches(s -> s.pending() == 0 && s.problem().isEmpty(), "all written"));
            assertThat(journal.stats().evicted()).isPositive();
            List<String> ids = journal.find(JournalFilter.ALL, 5000).stream().map(e -> e.id()).toList();
            assertThat(ids).contains("newest-0", "newest-4", "old-" + (old - 1)).doesNotContain("old-0");

            // and keeps within that size from then on: the disk does not fill again
            long runsAfterRoom = journal.stats().runs();
            for (int n = 0; n < 100; n++) {
                record(journal, "later", n).get(30, TimeUnit.SECONDS);
                assertThat(journal.stats().problem()).isEmpty();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.stats().pending() == 0);
            assertThat(journal.stats().problem()).isEmpty();
            assertThat(journal.stats().runs()).isLessThanOrEqualTo(runsAfterRoom);
            assertThat(journal.find(JournalFilter.ALL, 5000)).extracting(e -> e.id()).contains("later-0", "later-99");
        } finally {
            journal.close();
        }
    }

    @Test
    void aJournalClosedOnAFullDiskMakesRoomForWhatItHeld() throws Exception {
        Path file = disk.resolve("journal.db");
        Journal journal = Journal.open(JournalConfig.at(file));
        int old = 0;
        try {
            while (journal.stats().problem().isEmpty() && old < 5000) {
                record(journal, "old", old++).get(30, TimeUnit.SECONDS);
            }
            record(journal, "last", 0).get(30, TimeUnit.SECONDS);
            assertThat(journal.stats().pending()).isPositive();
        } finally {
            journal.close();
        }
        Journal again = Journal.open(JournalConfig.at(file));
        try {
            assertThat(again.find(JournalFilter.ALL, 5000)).extracting(e -> e.id())
                    .contains("last-0", "old-" + (old - 1)).doesNotContain("old-0");
        } finally {
            again.close();
        }
    }

    private static CompletableFuture<Void> record(Journal journal, String prefix, int n) {
        Journal.Recording r = journal.accepted("ws", prefix + "-" + n, "warmpool/busybox", 10, false, () -> new byte[16 * 1024]);
        return r.finish("green", 10, true, "{\"type\":\"result\",\"id\":\"" + prefix + "-" + n + "\",\"outcome\":\"green\"}");
    }

    private static void fill(Path ballast) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no room left
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
