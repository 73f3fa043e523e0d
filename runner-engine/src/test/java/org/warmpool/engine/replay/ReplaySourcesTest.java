package org.warmpool.engine.replay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Where replays find their submissions, without Docker: files, folders, exports and the journal. */
class ReplaySourcesTest {
    static final URI NOWHERE = URI.create("ws://127.0.0.1:9/");

    @TempDir
    Path dir;
    Journal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    ReplayService replays() {
        return new ReplayService(NOWHERE, null, journal);
    }

    static byte[] tgz(String script) throws Exception {
        return TarPacker.tgz(SubmissionFiles.fromTextMap(Map.of("cyber-dojo.sh", script)));
    }

    Path write(String relative, byte[] content) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    Path write(String relative, String text) throws IOException {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTgzFileIsSentAsItIsUnderItsFileName() throws Exception {
        byte[] archive = tgz("echo hi\n");
        Path file = write("kata.tgz", archive);

        List<ReplayItem> items = replays().fromPaths(List.of(file), null);

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("kata.tgz");
            assertThat(item.tgz()).as("the bytes as they are").isEqualTo(archive);
            assertThat(item.image()).as("a plain archive names no image").isNull();
            assertThat(item.maxSeconds()).as("nor a time limit").isZero();
            assertThat(item.expected()).isNull();
        });
    }

    @Test
    void aFolderWithCyberDojoShIsOneSubmissionPackedFromItsFiles() throws Exception {
        write("hiker/cyber-dojo.sh", "python -m pytest\n");
        write("hiker/hiker.py", "def answer():\n    return 42\n");
        write("hiker/tests/test_hiker.py", "from hiker import answer\n");

        List<ReplayItem> items = replays().fromPaths(List.of(dir.resolve("hiker")), null);

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("hiker/");
            assertThat(TgzReader.read(item.tgz(), ArchiveLimits.defaults()).asMap().keySet())
                    .containsExactlyInAnyOrder("cyber-dojo.sh", "hiker.py", "tests/test_hiker.py");
        });
    }

    @Test
    void aFolderGivesItsArchivesAndSourceFoldersInPathOrder() throws Exception {
        write("all/b.tgz", tgz("echo b\n"));
        write("all/a.tgz", tgz("echo a\n"));
        write("all/deeper/c.tar.gz", tgz("echo c\n"));
        write("all/src/cyber-dojo.sh", "echo src\n");
        write("all/src/old/kept-inside.tgz", tgz("echo not on its own\n"));
        write("all/notes.txt", "not a submission");

        List<ReplayItem> items = replays().fromPaths(List.of(dir.resolve("all")), null);

        assertThat(items).extracting(ReplayItem::name).as("sorted, a source folder's contents part of it")
                .containsExactly("a", "b", "deeper/c", "src/");
        assertThat(TgzReader.read(items.get(3).tgz(), ArchiveLimits.defaults()).asMap())
                .as("the source folder packed whole").containsKeys("cyber-dojo.sh", "old/kept-inside.tgz");
    }

    @Test
    void foldersAreLookedThroughToOneDepthLimit() throws Exception {
        String atLimit = "deep/" + "d/".repeat(ReplaySources.MAX_DEPTH - 1) + "found.tgz";
        String pastLimit = "deeper/" + "d/".repeat(ReplaySources.MAX_DEPTH) + "lost.tgz";
        write(atLimit, tgz("echo found\n"));
        write(pastLimit, tgz("echo lost\n"));
        write("folders/" + "d/".repeat(ReplaySources.MAX_DEPTH - 1) + "src/cyber-dojo.sh", "echo src\n");

        assertThat(replays().fromPaths(List.of(dir.resolve("deep")), null)).extracting(ReplayItem::name)
                .containsExactly("d/".repeat(ReplaySources.MAX_DEPTH - 1) + "found");
        assertThat(replays().fromPaths(List.of(dir.resolve("folders")), null)).extracting(ReplayItem::name)
                .as("a source folder at the limit").containsExactly("d/".repeat(ReplaySources.MAX_DEPTH - 1) + "src/");
        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("deeper")), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nothing to replay in " + dir.resolve("deeper"))
                .hasMessageContaining("looked " + ReplaySources.MAX_DEPTH + " folders deep");
    }

    @Test
    void aJournalExportKeepsEachRunsImageTimeLimitAndColour() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        record("kata-1", "warmpool/python-pytest", 7, "red", tgz("echo red\n"));
        record("kata-2", "warmpool/busybox", 12, "green", tgz("echo green\n"));
        record("kata-3", "warmpool/busybox", 10, "error:throttled", tgz("echo refused\n"));
        Path export = dir.resolve("workshops/2026-11-28");
        assertThat(journal.export(JournalFilter.ALL, 100, export)).isEqualTo(3);

        for (Path given : List.of(export, dir.resolve("workshops"))) {
            List<ReplayItem> items = replays().fromPaths(List.of(given), null);

            String prefix = given.equals(export) ? "" : "2026-11-28/";
            assertThat(items).as("from %s", given).extracting(ReplayItem::name)
                    .containsExactly(prefix + "00000001-kata-1", prefix + "00000002-kata-2", prefix + "00000003-kata-3");
            assertThat(items).extracting(ReplayItem::image)
                    .containsExactly("warmpool/python-pytest", "warmpool/busybox", "warmpool/busybox");
            assertThat(items).extracting(ReplayItem::maxSeconds).containsExactly(7, 12, 10);
            assertThat(items).extracting(ReplayItem::expected).as("an error has no colour to compare")
                    .containsExactly(Outcome.RED, Outcome.GREEN, null);
            assertThat(items.get(0).tgz()).isEqualTo(tgz("echo red\n"));
        }
    }

    @Test
    void theJournalGivesItsRunsWithTheirColoursThen() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        record("kata-1", "warmpool/python-pytest", 7, "amber", tgz("echo amber\n"));
        record("kata-2", "warmpool/busybox", 10, "faulty", tgz("echo faulty\n"));

        List<ReplayItem> items = replays().fromJournal(JournalFilter.parse("image=warmpool/python-pytest"), 10);

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("00000001-kata-1");
            assertThat(item.image()).isEqualTo("warmpool/python-pytest");
            assertThat(item.maxSeconds()).isEqualTo(7);
            assertThat(item.expected()).isEqualTo(Outcome.AMBER);
            assertThat(item.tgz()).isEqualTo(tgz("echo amber\n"));
        });
        assertThat(replays().fromJournal(JournalFilter.ALL, 10)).extracting(ReplayItem::expected)
                .containsExactly(Outcome.AMBER, Outcome.FAULTY);
    }

    @Test
    void withoutAJournalThereIsNothingToReplayFromAndItSaysWhy() {
        assertThatThrownBy(() -> new ReplayService(NOWHERE, null, null).fromJournal(JournalFilter.ALL, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("recording is off");
    }

    @Test
    void theReplaysImageGoesToTheItemsWithoutOne() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        record("kata-1", "warmpool/python-pytest", 7, "red", tgz("echo red\n"));
        journal.export(JournalFilter.ALL, 100, dir.resolve("export"));
        write("plain.tgz", tgz("echo plain\n"));

        List<ReplayItem> items = replays().fromPaths(List.of(dir.resolve("export"), dir.resolve("plain.tgz")), "warmpool/busybox");

        assertThat(items).extracting(ReplayItem::image).as("the export keeps its own")
                .containsExactly("warmpool/python-pytest", "warmpool/busybox");
    }

    @Test
    void pathsItCannotUseAreNamedWithWhatIsWrong() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        write("nothing/notes.txt", "no submissions here");
        Path zero = write("zero.tgz", new byte[0]);
        write("linked/cyber-dojo.sh", "echo hi\n");
        Files.createSymbolicLink(dir.resolve("linked/elsewhere"), zero);
        write("broken/a.tgz", tgz("echo a\n"));
        write("broken/results.jsonl", "{\"file\": \"a.tgz\", \"image\": \"warmpool/busybox\"}\nnot json\n");

        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("gone.tgz")), null))
                .isInstanceOf(IOException.class).hasMessage("not found: " + dir.resolve("gone.tgz"));
        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("empty")), null))
                .isInstanceOf(IOException.class).hasMessageStartingWith("nothing to replay in " + dir.resolve("empty") + ":");
        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("nothing")), null))
                .isInstanceOf(IOException.class).hasMessageContaining("no .tgz files and no cyber-dojo.sh");
        assertThatThrownBy(() -> replays().fromPaths(List.of(zero), null))
                .isInstanceOf(IOException.class).hasMessageContaining(zero + " is empty");
        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("linked")), null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("linked").toString()).hasMessageContaining("symlink");
        assertThatThrownBy(() -> replays().fromPaths(List.of(dir.resolve("broken")), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("broken/results.jsonl") + " line 2 is not JSON");
    }

    @Test
    void anUnreadableArchiveIsNamed() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads anything").isNotEqualTo("root");
        Path locked = write("locked.tgz", tgz("echo hi\n"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        assertThatThrownBy(() -> replays().fromPaths(List.of(locked), null))
                .isInstanceOf(IOException.class).hasMessage("cannot read " + locked + ": access denied");
    }

    void record(String id, String image, int maxSeconds, String outcome, byte[] archive) {
        journal.accepted("ws", id, image, maxSeconds, false, () -> archive)
                .finish(outcome, 100, true, "{\"type\":\"result\",\"id\":\"" + id + "\"}").join();
    }
}
