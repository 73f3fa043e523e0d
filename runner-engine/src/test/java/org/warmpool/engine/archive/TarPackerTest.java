package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The tar the engine streams into a container, as the container's tar will see it. */
class TarPackerTest {

    private static List<TarArchiveEntry> entries(byte[] tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static SubmissionFiles files(String... pathsAndTexts) throws ArchiveException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            texts.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return SubmissionFiles.fromTextMap(texts);
    }

    @Test
    void everyFolderComesBeforeItsFilesAndEverythingBelongsToTheSandboxUser() throws Exception {
        SubmissionFiles files = files(
                "cyber-dojo.sh", "pytest\n",
                "src/app/main.py", "print(1)\n",
                "src/util.py", "x = 1\n",
                "test_app.py", "def test(): pass\n");

        List<TarArchiveEntry> entries = entries(TarPacker.tar(files));

        assertThat(entries).extracting(TarArchiveEntry::getName).as("order").containsExactly(
                "cyber-dojo.sh", "src/", "src/app/", "src/app/main.py", "src/util.py", "test_app.py");
        for (TarArchiveEntry entry : entries) {
            assertThat(entry.getLongUserId()).as("uid of %s", entry.getName()).isEqualTo(41966);
            assertThat(entry.getLongGroupId()).as("gid of %s", entry.getName()).isEqualTo(51966);
            assertThat(entry.getUserName()).as("user of %s", entry.getName()).isEqualTo("sandbox");
            assertThat(entry.getGroupName()).as("group of %s", entry.getName()).isEqualTo("sandbox");
            assertThat(entry.getModTime().toInstant()).as("mtime of %s", entry.getName()).isEqualTo(TarPacker.MTIME);
            if (entry.isDirectory()) {
                assertThat(entry.getMode() & 07777).as("mode of folder %s", entry.getName()).isEqualTo(0755);
            } else {
                assertThat(entry.isFile()).as("%s is a regular file", entry.getName()).isTrue();
                assertThat(entry.getMode() & 07777).as("mode of file %s", entry.getName()).isEqualTo(0644);
            }
        }
    }

    @Test
    void whatThePackerWritesTheReaderReadsBackUnchanged() throws Exception {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Map<String, byte[]> map = new LinkedHashMap<>(HostileArchives.validFiles());
        map.put("empty.txt", new byte[0]);
        map.put("binary/every-byte.bin", everyByte);
        map.put("ünïcödé/日本語.txt", "こんにちは\n".getBytes(StandardCharsets.UTF_8));
        map.put("exactly-512.bin", new byte[512]);
        SubmissionFiles files = SubmissionFiles.of(map);

        SubmissionFiles back = TgzReader.read(TarPacker.tgz(files), ArchiveLimits.defaults());

        assertThat(back).isEqualTo(files);
        assertThat(back.get("binary/every-byte.bin")).isEqualTo(everyByte);
    }

    @Test
    void aNestedPathOf200CharactersSurvivesInAPaxHeader() throws Exception {
        String folder = "a-rather-long-folder-name-of-39-chars-/";
        String path = folder.repeat(5) + "file-05.txt";
        assertThat(path).hasSize(206);
        SubmissionFiles files = files("cyber-dojo.sh", "true\n", path, "deep and long\n");

        byte[] tar = TarPacker.tar(files);

        assertThat(entries(tar)).extracting(TarArchiveEntry::getName).contains(path, folder.repeat(5));
        assertThat(TgzReader.read(TarPacker.tgz(files), ArchiveLimits.defaults())).isEqualTo(files);
    }

    @Test
    void shortAsciiNamesNeedNoPaxHeaders() throws Exception {
        byte[] tar = TarPacker.tar(files("cyber-dojo.sh", "true\n", "src/a.py", "x\n"));

        assertThat(tar[156]).as("type of the first header").isEqualTo((byte) '0');
        assertThat(new String(tar, StandardCharsets.ISO_8859_1)).as("tar bytes").doesNotContain("PaxHeaders");
    }

    @Test
    void theSameFilesAlwaysPackToTheSameBytes() throws Exception {
        SubmissionFiles files = SubmissionFiles.of(HostileArchives.validFiles());

        assertThat(TarPacker.tgz(files)).isEqualTo(TarPacker.tgz(SubmissionFiles.of(HostileArchives.validFiles())));
        assertThat(TarPacker.tar(files)).isEqualTo(TarPacker.tar(files));
    }

    @Test
    void writeTgzWritesWhatTgzReturnsAndLeavesTheStreamOpen() throws Exception {
        SubmissionFiles files = SubmissionFiles.of(HostileArchives.validFiles());
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        TarPacker.writeTgz(files, out);

        assertThat(out.toByteArray()).isEqualTo(TarPacker.tgz(files));
        assertThat(closed[0]).as("closed").isFalse();
    }

    @Test
    void aSubmissionAtEveryLimitAtOnceSurvivesTheRoundTripUnderTheSameLimits() throws Exception {
        // 5 files at the root plus 99 folders, with names long enough to need pax headers, of 4
        // files each: 500 entries, sharing 16 MiB. The tar's own headers come on top of that,
        // and the reader must make room for them.
        ArchiveLimits limits = ArchiveLimits.defaults();
        List<String> paths = new ArrayList<>(List.of("cyber-dojo.sh", "a.bin", "b.bin", "c.bin", "d.bin"));
        for (int f = 0; f < 99; f++) {
            String folder = String.format("folder-%03d-", f) + "x".repeat(120) + "/";
            for (int i = 0; i < 4; i++) {
                paths.add(folder + "file-" + i + ".bin");
            }
        }
        Map<String, byte[]> map = new LinkedHashMap<>();
        long bytesLeft = limits.maxUncompressedBytes();
        for (int i = 0; i < paths.size(); i++) {
            int size = (int) (bytesLeft / (paths.size() - i));
            bytesLeft -= size;
            map.put(paths.get(i), new byte[size]);
        }
        SubmissionFiles files = SubmissionFiles.of(map, limits);
        assertThat(files.totalBytes()).isEqualTo(limits.maxUncompressedBytes());

        byte[] tar = TarPacker.tar(files);
        SubmissionFiles back = TgzReader.read(TarPacker.tgz(files), limits);

        assertThat((long) tar.length).as("tar bytes").isGreaterThan(limits.maxUncompressedBytes())
                .isLessThanOrEqualTo(limits.maxTarStreamBytes());
        assertThat(back).isEqualTo(files);
    }
}
