package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Submissions that get through, and what they look like once read. */
class TgzReaderTest {

    private static final ArchiveLimits DEFAULTS = ArchiveLimits.defaults();

    private static String text(SubmissionFiles files, String path) {
        byte[] content = files.get(path);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    @Test
    void aPlainSubmissionComesBackFileForFile() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.validSubmission(), DEFAULTS);

        assertThat(files).isEqualTo(SubmissionFiles.of(HostileArchives.validFiles()));
        assertThat(files.paths()).as("folders are not kept, files are in path order")
                .containsExactly("cyber-dojo.sh", "hiker.py", "readme/notes.txt", "test_hiker.py");
    }

    @Test
    void aSingleTopFolderHoldingCyberDojoShIsRemovedFromEveryPath() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.singleTopFolder(), DEFAULTS);

        assertThat(files).isEqualTo(SubmissionFiles.of(HostileArchives.validFiles()));
    }

    @Test
    void namesStartingWithDotSlashLoseIt() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.dotSlashNames(), DEFAULTS);

        assertThat(files.paths()).containsExactly("cyber-dojo.sh", "src/app.py");
    }

    @Test
    void aGitArchiveWithItsGlobalCommentHeaderIsAccepted() throws Exception {
        assertThat(TgzReader.read(HostileArchives.gitArchiveWithGlobalComment(), DEFAULTS).paths())
                .containsExactly("cyber-dojo.sh");
    }

    @Test
    void gzipMembersOneAfterAnotherAreReadAsOneStreamAsGzipReadsThem() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.concatenatedGzipMembers(), DEFAULTS);

        assertThat(files.paths()).containsExactly("cyber-dojo.sh", "hiker.py");
        assertThat(text(files, "hiker.py")).isEqualTo("x = 1\n");
    }

    @Test
    void bytesAfterTheEndOfTheTarAreIgnored() throws Exception {
        assertThat(TgzReader.read(HostileArchives.trailingGarbageAfterTarEnd(), DEFAULTS).paths())
                .containsExactly("cyber-dojo.sh");
    }

    @Test
    void zeroBytesAfterTheGzipStreamAreIgnoredAsGzipIgnoresThem() throws Exception {
        assertThat(TgzReader.read(HostileArchives.zeroPaddingAfterGzip(), DEFAULTS).paths())
                .containsExactly("cyber-dojo.sh");
    }

    @Test
    void aContiguousFileTypeIsReadAsARegularFile() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.contiguousFileType(), DEFAULTS);

        assertThat(text(files, "cyber-dojo.sh")).isEqualTo(HostileArchives.CYBER_DOJO_SH);
    }

    @Test
    void aTarWithoutItsEndOfArchiveRecordsIsAccepted() throws Exception {
        assertThat(TgzReader.read(HostileArchives.noEndOfArchiveRecords(), DEFAULTS).paths())
                .containsExactly("cyber-dojo.sh");
    }

    @Test
    void aPaxSizeRecordOverridesTheHeadersSize() throws Exception {
        SubmissionFiles files = TgzReader.read(HostileArchives.paxSizeOverridingTheHeader(), DEFAULTS);

        assertThat(text(files, "cyber-dojo.sh")).isEqualTo(HostileArchives.CYBER_DOJO_SH);
    }

    @Test
    void exactlyTheLimitsAreAccepted() throws Exception {
        assertThat(TgzReader.read(HostileArchives.manyEntries(500), DEFAULTS).size()).isEqualTo(500);
        assertThat(TgzReader.read(HostileArchives.nameOfBytes(255), DEFAULTS).paths())
                .contains("n".repeat(255));
        assertThat(TgzReader.read(HostileArchives.deepNesting(16), DEFAULTS).size()).isEqualTo(2);
    }

    @Test
    void theCallersStreamIsLeftOpen() throws Exception {
        byte[] tgz = HostileArchives.validSubmission();
        boolean[] closed = {false};
        java.io.InputStream in = new java.io.ByteArrayInputStream(tgz) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        TgzReader.read(in, DEFAULTS);

        assertThat(closed[0]).as("closed").isFalse();
    }
}
