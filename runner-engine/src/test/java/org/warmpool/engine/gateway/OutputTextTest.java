package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Output cleaned a chunk at a time reads exactly as the result's text, however the chunks fall. */
class OutputTextTest {

    /** What a client joins from the output messages: everything handed out while it ran, then the rest. */
    static String streamed(List<byte[]> chunks, Output result) {
        OutputText text = new OutputText();
        StringBuilder joined = new StringBuilder();
        for (byte[] chunk : chunks) {
            joined.append(text.accept(chunk));
        }
        return joined.append(text.rest(result)).toString();
    }

    /** What handed out while it ran, without the rest. */
    static String whileRunning(List<byte[]> chunks) {
        OutputText text = new OutputText();
        StringBuilder joined = new StringBuilder();
        chunks.forEach(c -> joined.append(text.accept(c)));
        return joined.toString();
    }

    static List<byte[]> split(byte[] bytes, int... at) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : at) {
            chunks.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return chunks;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCharacterSplitBetweenChunksArrivesWholeNotAsReplacementCharacters() {
        byte[] bytes = utf8("é€😀 done\n"); // 2, 3 and 4 bytes
        for (int a = 1; a < bytes.length; a++) {
            for (int b = a; b < bytes.length; b++) {
                List<byte[]> chunks = split(bytes, a, b);
                assertThat(whileRunning(chunks)).as("split at %d and %d", a, b).isEqualTo("é€😀 done\n");
            }
        }
    }

    @Test
    void invalidBytesAndNulBecomeReplacementCharactersAsInTheResult() {
        byte[] bytes = {'a', (byte) 0xFF, 'b', 0, 'c', (byte) 0xC3, 'd', (byte) 0xE2, (byte) 0x82, '\n'};
        Output result = Output.fromBytes(bytes, false);
        assertThat(result.content()).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFD\n");
        for (int a = 1; a < bytes.length; a++) {
            assertThat(whileRunning(split(bytes, a))).as("split at %d", a).isEqualTo(result.content());
        }
    }

    @Test
    void outputEndingInTheMiddleOfACharacterEndsAsTheResultDoes() {
        byte[] bytes = {'o', 'k', (byte) 0xE2, (byte) 0x82};
        Output result = Output.fromBytes(bytes, false);

        assertThat(whileRunning(split(bytes, 3))).as("while it runs the character may still come").isEqualTo("ok");
        assertThat(streamed(split(bytes, 3), result)).isEqualTo(result.content()).isEqualTo("ok\uFFFD");
    }

    @Test
    void nothingPastTheCapIsHandedOutAndTheJoinedTextIsTheCutResult() {
        byte[] bytes = new byte[60 * 1024];
        Arrays.fill(bytes, (byte) 'x');
        Output result = Output.fromBytes(Arrays.copyOf(bytes, Output.CAP_BYTES), true);

        List<byte[]> chunks = split(bytes, 8192, 30000, 51199, 51201);
        assertThat(whileRunning(chunks)).as("held back before the cap").hasSize(Output.CAP_BYTES - OutputText.HELD_BACK);
        assertThat(streamed(chunks, result)).isEqualTo(result.content()).hasSize(Output.CAP_BYTES);
    }

    @Test
    void aCutThatWouldSplitACharacterIsMadeBeforeItInTheStreamAsInTheResult() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < Output.CAP_BYTES + 10) {
            out.writeBytes(utf8("x😀")); // 5 bytes: the cap falls inside an emoji
        }
        byte[] bytes = out.toByteArray();
        Output result = Output.fromBytes(Arrays.copyOf(bytes, Output.CAP_BYTES), true);

        assertThat(streamed(split(bytes, 51197, 51201), result)).isEqualTo(result.content());
        assertThat(result.content()).doesNotContain("\uFFFD");
    }

    @Test
    void aResultThatLostTheOutputGetsNoRest() {
        List<byte[]> chunks = List.of(utf8("some output\n"));
        assertThat(streamed(chunks, Output.EMPTY)).as("nothing added to what was streamed").isEqualTo("some output\n");
        assertThat(streamed(chunks, new Output("other output\nand more", false))).isEqualTo("some output\n");
    }

    /** Random bytes, heavy on multi-byte characters, invalid sequences and NUL, cut at random. */
    @Test
    void theJoinedTextIsTheResultsTextForAnyBytesAndAnySplit() {
        Random random = new Random(13);
        byte[][] pieces = {utf8("a"), utf8("\n"), utf8("é"), utf8("€"), utf8("😀"), {0}, {(byte) 0x80}, {(byte) 0xBF},
                {(byte) 0xC0}, {(byte) 0xC1}, {(byte) 0xC3}, {(byte) 0xE0}, {(byte) 0xE0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0},
                {(byte) 0xF0, (byte) 0x8F}, {(byte) 0xF4, (byte) 0x90}, {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF}, {(byte) 0xF5},
                {(byte) 0xF8, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE}};
        for (int round = 0; round < 3000; round++) {
            boolean big = round % 50 == 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int target = big ? Output.CAP_BYTES - 40 + random.nextInt(120) : random.nextInt(60);
            while (out.size() < target) {
                out.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = out.toByteArray();
            boolean truncated = bytes.length > Output.CAP_BYTES;
            Output result = Output.fromBytes(Arrays.copyOf(bytes, Math.min(bytes.length, Output.CAP_BYTES)), truncated);
            int[] cuts = random.ints(random.nextInt(Math.min(12, bytes.length + 1)), 0, bytes.length + 1).sorted().toArray();
            List<byte[]> chunks = split(bytes, cuts);
            // what the run path hands on: the bytes the result keeps
            List<byte[]> kept = capped(chunks);

            assertThat(streamed(kept, result)).as("round %d: %s cut at %s", round, big ? bytes.length + " bytes" : Arrays.toString(bytes),
                    Arrays.toString(cuts)).isEqualTo(result.content());
            if (!truncated && bytes.length < Output.CAP_BYTES - OutputText.HELD_BACK && whole(bytes)) {
                assertThat(whileRunning(kept)).as("round %d: all of it while it ran", round).isEqualTo(result.content());
            }
        }
    }

    private static List<byte[]> capped(List<byte[]> chunks) {
        List<byte[]> kept = new ArrayList<>();
        int room = Output.CAP_BYTES;
        for (byte[] c : chunks) {
            int n = Math.min(room, c.length);
            kept.add(Arrays.copyOf(c, n));
            room -= n;
        }
        return kept;
    }

    /** Ends on an ASCII byte, so no character can be waiting for its end. */
    private static boolean whole(byte[] bytes) {
        return bytes.length == 0 || (bytes[bytes.length - 1] & 0x80) == 0;
    }
}
