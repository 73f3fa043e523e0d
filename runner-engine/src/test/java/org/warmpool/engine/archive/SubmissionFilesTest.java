package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.archive.ArchiveException.Reason;

/** A submission's files however they arrive: a map, the HTTP API's text map, or a local folder. */
class SubmissionFilesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(Map<String, byte[]> files, Reason reason, String messagePart) {
        assertThatThrownBy(() -> SubmissionFiles.of(files))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(e.reason()).as("reason for: %s", e.getMessage()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void contentIsCopiedOnTheWayInAndOnTheWayOut() throws Exception {
        byte[] original = utf8("echo hi\n");
        Map<String, byte[]> map = new HashMap<>();
        map.put("cyber-dojo.sh", original);
        SubmissionFiles files = SubmissionFiles.of(map);

        original[0] = 'X';
        files.get("cyber-dojo.sh")[1] = 'X';
        files.asMap().get("cyber-dojo.sh")[2] = 'X';
        map.put("sneaked-in.txt", utf8("x"));

        assertThat(files.get("cyber-dojo.sh")).as("content after every copy was changed").isEqualTo(utf8("echo hi\n"));
        assertThat(files.paths()).containsExactly("cyber-dojo.sh");
    }

    @Test
    void asMapCannotBeChanged() throws Exception {
        SubmissionFiles files = SubmissionFiles.of(HostileArchives.validFiles());

        assertThatThrownBy(() -> files.asMap().put("x", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void filesAreKeptInPathOrderWithTheirSizes() throws Exception {
        Map<String, byte[]> map = new LinkedHashMap<>();
        map.put("z.txt", utf8("zz"));
        map.put("a/b.txt", utf8("b"));
        map.put("cyber-dojo.sh", utf8("true\n"));

        SubmissionFiles files = SubmissionFiles.of(map);

        assertThat(files.paths()).containsExactly("a/b.txt", "cyber-dojo.sh", "z.txt");
        assertThat(files.asMap().keySet()).containsExactly("a/b.txt", "cyber-dojo.sh", "z.txt");
        assertThat(files.size()).isEqualTo(3);
        assertThat(files.totalBytes()).isEqualTo(8);
        assertThat(files.hasCyberDojoSh()).isTrue();
        assertThat(files.get("missing.txt")).isNull();
        assertThat(files).hasToString("SubmissionFiles[3 files, 8 bytes: a/b.txt, cyber-dojo.sh, z.txt]");
    }

    @Test
    void equalFilesAreEqualHoweverTheyWereMade() throws Exception {
        SubmissionFiles fromBytes = SubmissionFiles.of(Map.of("a.txt", utf8("ä")));
        SubmissionFiles fromText = SubmissionFiles.fromTextMap(Map.of("a.txt", "ä"));

        assertThat(fromText).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(fromText).isNotEqualTo(SubmissionFiles.of(Map.of("a.txt", utf8("a"))));
        assertThat(fromText.hasCyberDojoSh()).isFalse();
    }

    @Test
    void aLeadingDotSlashIsDroppedAndThenCountsAsADuplicate() throws Exception {
        assertThat(SubmissionFiles.of(Map.of("./src/a.py", utf8("x"))).paths()).containsExactly("src/a.py");

        assertRefused(Map.of("a.py", utf8("1"), "./a.py", utf8("2")), Reason.BAD_ARCHIVE, "entry \"a.py\" appears twice");
    }

    @Test
    void pathsObeyTheReadersRules() {
        assertRefused(Map.of("/etc/passwd", utf8("x")), Reason.BAD_ARCHIVE, "has an absolute path");
        assertRefused(Map.of("../x", utf8("x")), Reason.BAD_ARCHIVE, "escapes the archive (contains \"..\")");
        assertRefused(Map.of("a//b", utf8("x")), Reason.BAD_ARCHIVE, "has an empty folder name");
        assertRefused(Map.of("a/", utf8("x")), Reason.BAD_ARCHIVE, "is a file whose name ends with \"/\"");
        assertRefused(Map.of("", utf8("x")), Reason.BAD_ARCHIVE, "is not a file name");
        assertRefused(Map.of("a\tb", utf8("x")), Reason.BAD_ARCHIVE, "contains a control character (U+0009)");
        assertRefused(Map.of("bad\uD800.txt", utf8("x")), Reason.BAD_ARCHIVE, "not valid Unicode");
        assertRefused(Map.of("n".repeat(256), utf8("x")), Reason.BAD_ARCHIVE, "is 256 bytes (limit 255 bytes)");
        assertRefused(Map.of("é".repeat(128), utf8("x")), Reason.BAD_ARCHIVE, "is 256 bytes (limit 255 bytes)");
        assertRefused(Map.of("a/".repeat(17) + "f", utf8("x")), Reason.BAD_ARCHIVE, "nested 17 folders deep (limit 16)");
        assertRefused(Map.of("lib", utf8("x"), "lib/a.py", utf8("y")), Reason.BAD_ARCHIVE, "\"lib\" is both a file and a folder");
    }

    @Test
    void aNullNameOrContentIsRefusedNotThrownAsANullPointer() {
        Map<String, byte[]> nullContent = new HashMap<>();
        nullContent.put("a.txt", null);
        Map<String, byte[]> nullName = new HashMap<>();
        nullName.put(null, utf8("x"));

        assertRefused(nullContent, Reason.BAD_ARCHIVE, "file \"a.txt\" has no content (null)");
        assertRefused(nullName, Reason.BAD_ARCHIVE, "a file has no name");
    }

    @Test
    void theLimitsOnEntriesAndBytesApply() {
        ArchiveLimits limits = ArchiveLimits.defaults().withMaxEntries(2).withMaxUncompressedBytes(10);

        assertThatThrownBy(() -> SubmissionFiles.of(Map.of("a/b.txt", utf8("x"), "c.txt", utf8("y")), limits))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("submission has more than 2 entries (limit 2, files and folders together)");
        assertThatThrownBy(() -> SubmissionFiles.of(Map.of("a.txt", new byte[11]), limits))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("files add up to more than 10 bytes (limit 10 bytes)");
    }

    @Test
    void aTextMapIsStoredAsUtf8() throws Exception {
        SubmissionFiles files = SubmissionFiles.fromTextMap(Map.of("cyber-dojo.sh", "echo ünï\n"));

        assertThat(files.get("cyber-dojo.sh")).isEqualTo(utf8("echo ünï\n"));
        assertThat(files.totalBytes()).as("UTF-8 bytes").isEqualTo(11);
    }

    @Test
    void aHugeTextMapIsRefusedWithoutEncodingItAll() {
        ArchiveLimits limits = ArchiveLimits.defaults().withMaxUncompressedBytes(1024);

        assertThatThrownBy(() -> SubmissionFiles.fromTextMap(Map.of("big.txt", "x".repeat(1_000_000)), limits))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("files add up to more than 1 KiB (limit 1024 bytes)");
    }

    @Test
    void aFolderGivesAllItsFilesHiddenOnesIncludedButNotItsEmptyFolders(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyber-dojo.sh"), "pytest\n");
        Files.writeString(dir.resolve(".hidden"), "h");
        Files.createDirectories(dir.resolve("src/pkg"));
        Files.writeString(dir.resolve("src/pkg/a.py"), "a = 1\n");
        Files.createDirectories(dir.resolve("empty/also-empty"));

        SubmissionFiles files = SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults());

        assertThat(files.paths()).containsExactly(".hidden", "cyber-dojo.sh", "src/pkg/a.py");
        assertThat(files.get("src/pkg/a.py")).isEqualTo(utf8("a = 1\n"));
        assertThat(TgzReader.read(TarPacker.tgz(files), ArchiveLimits.defaults())).isEqualTo(files);
    }

    @Test
    void aSymlinkInAFolderIsRefusedNotFollowed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyber-dojo.sh"), "pytest\n");
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("symlink \"passwd\" -> \"/etc/passwd\" is not allowed: send regular files only");
    }

    @Test
    void aFifoInAFolderIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cyber-dojo.sh"), "pytest\n");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assumeThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo works here").isTrue();

        assertThatThrownBy(() -> SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("\"pipe\" is not a regular file");
    }

    @Test
    void aFolderOverTheLimitsIsRefused(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), "x");
        }

        assertThatThrownBy(() -> SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults().withMaxEntries(4)))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("more than 4 entries");
    }
}
