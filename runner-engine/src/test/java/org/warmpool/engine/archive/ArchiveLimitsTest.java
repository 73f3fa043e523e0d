package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchiveLimitsTest {

    @Test
    void theDefaultsAreTheOnesAGatewayNeeds() {
        ArchiveLimits limits = ArchiveLimits.defaults();

        assertThat(limits.maxCompressedBytes()).as("compressed").isEqualTo(2L * 1024 * 1024);
        assertThat(limits.maxUncompressedBytes()).as("unpacked").isEqualTo(16L * 1024 * 1024);
        assertThat(limits.maxEntries()).as("entries").isEqualTo(500);
        assertThat(limits.maxNameBytes()).as("name bytes").isEqualTo(255);
        assertThat(limits.maxDepth()).as("depth").isEqualTo(16);
    }

    @Test
    void aLimitOfZeroOrLessIsAMistake() {
        assertThatThrownBy(() -> new ArchiveLimits(0, 1, 1, 1, 1)).hasMessageContaining("maxCompressedBytes must be positive");
        assertThatThrownBy(() -> new ArchiveLimits(1, -1, 1, 1, 1)).hasMessageContaining("maxUncompressedBytes must be positive");
        assertThatThrownBy(() -> ArchiveLimits.defaults().withMaxEntries(0)).hasMessageContaining("maxEntries");
        assertThatThrownBy(() -> ArchiveLimits.defaults().withMaxNameBytes(0)).hasMessageContaining("maxNameBytes");
        assertThatThrownBy(() -> ArchiveLimits.defaults().withMaxDepth(-1)).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> ArchiveLimits.defaults().withMaxUncompressedBytes(4L << 30))
                .hasMessageContaining("fit in one Java array");
    }

    @Test
    void aDepthOfZeroMeansFilesAtTheRootOnly() throws Exception {
        ArchiveLimits flat = ArchiveLimits.defaults().withMaxDepth(0);

        assertThat(SubmissionFiles.of(java.util.Map.of("cyber-dojo.sh", new byte[0]), flat).size()).isEqualTo(1);
        assertThatThrownBy(() -> SubmissionFiles.of(java.util.Map.of("a/b", new byte[0]), flat))
                .hasMessageContaining("nested 1 folders deep (limit 0)");
    }

    @Test
    void sizesReadAsAPersonWouldWriteThem() {
        assertThat(ArchiveLimits.describe(16L * 1024 * 1024)).isEqualTo("16 MiB");
        assertThat(ArchiveLimits.describe(1024)).isEqualTo("1 KiB");
        assertThat(ArchiveLimits.describe(1000)).isEqualTo("1000 bytes");
        assertThat(ArchiveLimits.describe(1)).isEqualTo("1 byte");
    }

    @Test
    void theTarStreamMayExceedTheFilesByTheHeadersTheEntriesNeed() {
        ArchiveLimits limits = ArchiveLimits.defaults();

        assertThat(limits.maxTarStreamBytes()).isEqualTo(16L * 1024 * 1024 + 500 * 2048 + 10240);
    }
}
