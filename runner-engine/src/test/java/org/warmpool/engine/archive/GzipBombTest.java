package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.archive.ArchiveException.Reason;
import org.warmpool.engine.archive.HostileArchives.CountingInputStream;

/**
 * Archives built to exhaust the engine: they must be refused in milliseconds, having read only a
 * sliver of their input and allocated next to nothing, because the limits are counted while
 * streaming rather than after unpacking.
 */
class GzipBombTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;

    /** What the reader did with one hostile upload. */
    private record Outcome(ArchiveException refusal, long compressedBytesRead, long bytesAllocated, Duration took) {
    }

    private static Outcome read(InputStream hostile, ArchiveLimits limits) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            CountingInputStream upload = new CountingInputStream(hostile);
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            ArchiveException refusal = catchThrowableOfType(ArchiveException.class, () -> TgzReader.read(upload, limits));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            return new Outcome(refusal, upload.count(), allocated, took);
        }, "reading a bomb must end, and quickly");
    }

    /**
     * Loads and compiles the reader's classes first, so that what is measured is the reading,
     * not the JVM's one-off costs (several MiB the first time through).
     */
    @BeforeAll
    static void warmUp() {
        read(HostileArchives.gzipBombOfZeros(64 * MIB), ArchiveLimits.defaults());
        read(HostileArchives.tarBombDeclaringOneHugeFile(GIB), ArchiveLimits.defaults());
    }

    @Test
    void aGigabyteOfGzippedZerosStopsJustPastTheUnpackedLimitQuicklyAndWithoutMemory() {
        // A compressed limit the ~1 MiB bomb fits in, so that the unpacked limit is what stops it.
        ArchiveLimits roomy = ArchiveLimits.defaults().withMaxCompressedBytes(64 * MIB);

        Outcome outcome = read(HostileArchives.gzipBombOfZeros(GIB), roomy);

        assertThat(outcome.refusal()).as("refusal").isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(outcome.refusal()).hasMessageContaining("archive unpacks to more than")
                .hasMessageContaining("16 MiB of files");
        assertThat(outcome.compressedBytesRead()).as("gzip bytes read of the ~1 MiB bomb").isLessThan(64 * KIB);
        assertThat(outcome.bytesAllocated()).as("bytes allocated while reading").isLessThan(2 * MIB);
        assertThat(outcome.took()).as("time taken").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theDefaultLimitsRefuseTheSameBombCleanly() {
        Outcome outcome = read(HostileArchives.gzipBombOfZeros(GIB), ArchiveLimits.defaults());

        assertThat(outcome.refusal()).as("refusal").isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(outcome.refusal()).hasMessageContaining("archive unpacks to more than");
        assertThat(outcome.bytesAllocated()).as("bytes allocated while reading").isLessThan(2 * MIB);
        assertThat(outcome.took()).as("time taken").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aFileWhoseHeaderClaimsAGigabyteIsRefusedBeforeAnyOfItIsRead() {
        Outcome outcome = read(HostileArchives.tarBombDeclaringOneHugeFile(GIB), ArchiveLimits.defaults());

        assertThat(outcome.refusal()).as("refusal").isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(outcome.refusal()).hasMessageContaining("archive unpacks to more than 16 MiB (limit 16777216 bytes)")
                .hasMessageContaining("entry \"bomb.bin\" is 1073741824 bytes");
        assertThat(outcome.compressedBytesRead()).as("gzip bytes read").isLessThan(64 * KIB);
        assertThat(outcome.bytesAllocated()).as("bytes allocated while reading").isLessThan(2 * MIB);
    }

    @Test
    void anUploadThatNeverEndsIsReadOneBytePastTheCompressedLimitAndNoFurther() {
        ArchiveLimits limits = ArchiveLimits.defaults();

        Outcome outcome = read(HostileArchives.endlessUpload(), limits);

        assertThat(outcome.refusal()).as("refusal").isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(outcome.refusal()).hasMessage("archive is larger than 2 MiB compressed (limit 2097152 bytes)");
        assertThat(outcome.compressedBytesRead()).as("bytes pulled from the upload")
                .isEqualTo(limits.maxCompressedBytes() + 1);
    }

    @Test
    void aLowerUnpackedLimitStopsTheBombSooner() {
        ArchiveLimits small = ArchiveLimits.defaults().withMaxUncompressedBytes(MIB).withMaxEntries(10);

        Outcome outcome = read(HostileArchives.gzipBombOfZeros(GIB), small);

        assertThat(outcome.refusal()).as("refusal").isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(outcome.refusal()).hasMessageContaining("1 MiB of files plus tar headers for 10 entries");
        assertThat(outcome.compressedBytesRead()).as("gzip bytes read").isLessThan(16 * KIB);
    }
}
