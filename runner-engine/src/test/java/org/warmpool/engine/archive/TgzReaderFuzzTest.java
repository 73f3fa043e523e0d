package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the reader answers with files or an {@link ArchiveException}: never an
 * index out of bounds, a null pointer or an out-of-memory error that would reach the gateway as
 * a crash. Thousands of damaged archives, the same ones on every run.
 */
class TgzReaderFuzzTest {

    private static final int ROUNDS = 3000;

    private static byte[] gunzip(byte[] tgz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> seeds() throws IOException {
        return List.of(
                gunzip(HostileArchives.validSubmission()),
                gunzip(HostileArchives.singleTopFolder()),
                gunzip(HostileArchives.nameOfBytes(200)),
                gunzip(HostileArchives.gitArchiveWithGlobalComment()),
                gunzip(HostileArchives.dotDotInGnuLongName()),
                gunzip(HostileArchives.paxSizeOverridingTheHeader()));
    }

    @Test
    void damagedTarsInsideGoodGzipAreAnsweredWithFilesOrARefusal() throws Exception {
        SplittableRandom random = new SplittableRandom(20240601);
        List<byte[]> seeds = seeds();
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] tar = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(Math.min(tar.length, 2048));
                tar[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (tar[at] ^ (1 << random.nextInt(8)));
            }
            if (random.nextInt(4) == 0) {
                tar = Arrays.copyOf(tar, random.nextInt(tar.length));
            }
            refused += readOrRefuse(HostileArchives.gzip(tar), round);
        }
        assertThat(refused).as("damaged archives refused").isGreaterThan(ROUNDS / 2);
    }

    @Test
    void damagedGzipStreamsAreAnsweredWithFilesOrARefusal() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] tgz = HostileArchives.validSubmission();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] damaged = tgz.clone();
            int at = random.nextInt(damaged.length);
            damaged[at] = (byte) random.nextInt(256);
            if (random.nextInt(4) == 0) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
            }
            readOrRefuse(damaged, round);
        }
    }

    private static int readOrRefuse(byte[] tgz, int round) {
        try {
            TgzReader.read(tgz, ArchiveLimits.defaults());
            return 0;
        } catch (ArchiveException expected) {
            assertThat(expected.getMessage()).as("message").isNotBlank();
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("round " + round + " threw " + e + " for " + PathRules.hex(tgz, 64), e);
        }
    }
}
