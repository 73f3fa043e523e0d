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
 * A journal on a disk that fills up (a 4 MB tmpfs, so root only) keeps every run: replies are not
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
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "warmpool-test", disk.toString()).isEmpty(), "mount failed");
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
