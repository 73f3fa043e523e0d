package org.warmpool.engine.gateway;

import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link SizeLimitedDraft} splits a client's byte stream, fed in pieces of every size (a
 * frame header can arrive a byte at a time): frames within the limit reach the library intact,
 * a message over it becomes a refusal, its rest is skipped, and the close comes after its last
 * frame, or at the discard cap.
 */
class SizeLimitedDraftTest {
    static final int LIMIT = 1000;
    static final long DRAIN_CAP = 10_000;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CONTINUATION = 0;
    static final int PING = 9;

    static SizeLimitedDraft draft() {
        return (SizeLimitedDraft) new SizeLimitedDraft(LIMIT, DRAIN_CAP, Duration.ofSeconds(30)).copyInstance();
    }

    /** A client frame, masked with a key that is not zero, so a payload read with the wrong key would show. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, opcode, payload.length, payload);
    }

    static byte[] frame(boolean fin, int opcode, long declared, byte[] payload) {
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        ByteBuffer out = ByteBuffer.allocate(14 + payload.length);
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (declared >= 0 && declared <= 125) {
            out.put((byte) (0x80 | declared));
        } else if (declared >= 0 && declared <= 0xFFFF) {
            out.put((byte) (0x80 | 126)).putShort((short) declared);
        } else {
            out.put((byte) (0x80 | 127)).putLong(declared);
        }
        out.put(key);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ key[i % 4]));
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] stream(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** Feeds {@code stream} in pieces of {@code piece} bytes (in a larger array, as the server's read buffer is) and describes what came out. */
    static List<String> feed(SizeLimitedDraft draft, byte[] stream, int piece) throws InvalidDataException {
        List<String> out = new ArrayList<>();
        for (int at = 0; at < stream.length; at += piece) {
            int n = Math.min(piece, stream.length - at);
            ByteBuffer buffer = ByteBuffer.allocate(n + 16);
            buffer.position(16);
            buffer.put(stream, at, n);
            buffer.position(16);
            for (Framedata f : draft.translateFrame(buffer)) {
                out.add(describe(f));
            }
            assertThat(buffer.remaining()).as("bytes left unread in a piece").isZero();
        }
        return out;
    }

    static String describe(Framedata f) {
        if (f instanceof SizeLimitedDraft.Event event) {
            return event.what();
        }
        ByteBuffer payload = f.getPayloadData();
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return f.getOpcode() + (f.isFin() ? "" : " (more)") + " " + bytes.length + " bytes #" + Arrays.hashCode(bytes);
    }

    static String binary(boolean fin, byte[] payload) {
        return "BINARY" + (fin ? "" : " (more)") + " " + payload.length + " bytes #" + Arrays.hashCode(payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 999, 100_000})
    void framesWithinTheLimitReachTheLibraryIntact(int piece) throws Exception {
        byte[] small = bytes(100, 1);
        byte[] first = bytes(400, 2);
        byte[] rest = bytes(LIMIT - 400, 3); // exactly the limit, fragments added up
        byte[] whole = bytes(LIMIT, 4);
        byte[] stream = stream(frame(true, TEXT, "hello".getBytes(StandardCharsets.UTF_8)), frame(true, BINARY, small),
                frame(false, BINARY, first), frame(true, PING, bytes(3, 5)), frame(true, CONTINUATION, rest),
                frame(true, BINARY, new byte[0]), frame(true, BINARY, whole));

        assertThat(feed(draft(), stream, piece)).containsExactly(
                "TEXT 5 bytes #" + Arrays.hashCode("hello".getBytes(StandardCharsets.UTF_8)),
                binary(true, small),
                binary(false, first),
                "PING 3 bytes #" + Arrays.hashCode(bytes(3, 5)),
                "CONTINUOUS 600 bytes #" + Arrays.hashCode(rest),
                binary(true, new byte[0]),
                binary(true, whole));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 999, 100_000})
    void aFrameOverTheLimitIsRefusedAtItsHeaderSkippedThenClosed(int piece) throws Exception {
        byte[] small = bytes(10, 1);
        byte[] stream = stream(frame(true, BINARY, small), frame(true, BINARY, bytes(LIMIT + 1, 2)),
                frame(true, PING, new byte[0]), frame(true, BINARY, small));

        assertThat(feed(draft(), stream, piece)).as("what follows the oversized message is never read").containsExactly(
                binary(true, small),
                "refuse: 1001 bytes",
                "close: message too big (limit 1000 bytes)");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64, 100_000})
    void fragmentsAddingUpPastTheLimitAreRefusedAtTheFragmentThatCrossesIt(int piece) throws Exception {
        byte[] first = bytes(600, 1);
        byte[] stream = stream(frame(false, BINARY, first), frame(true, PING, new byte[0]), frame(false, CONTINUATION, bytes(600, 2)),
                frame(true, PING, bytes(2, 3)), frame(true, CONTINUATION, bytes(50, 4)));

        assertThat(feed(draft(), stream, piece)).as("pings in between still reach the library").containsExactly(
                binary(false, first),
                "PING 0 bytes #1",
                "refuse: at least 1200 bytes",
                "PING 2 bytes #" + Arrays.hashCode(bytes(2, 3)),
                "close: message too big (limit 1000 bytes)");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 100_000})
    void discardingStopsAtTheCap(int piece) throws Exception {
        byte[] stream = stream(frame(true, BINARY, 1L << 62, bytes(3 * (int) DRAIN_CAP, 1)));

        assertThat(feed(draft(), stream, piece)).containsExactly(
                "refuse: " + (1L << 62) + " bytes",
                "close: message too big; stopped reading it after discarding 10000 bytes");
    }

    @Test
    void aLengthWithTheTopBitSetIsRefusedNotAllocated() throws Exception {
        byte[] stream = stream(frame(true, BINARY, -1L, bytes(20, 1)));

        assertThat(feed(draft(), stream, 100)).containsExactly("refuse: " + Long.MAX_VALUE + " bytes");
    }

    @Test
    void aNewMessageBeforeTheRefusedOneEndedClosesAtOnce() throws Exception {
        byte[] stream = stream(frame(false, BINARY, bytes(LIMIT + 1, 1)), frame(true, BINARY, bytes(10, 2)));

        assertThat(feed(draft(), stream, 5)).containsExactly(
                "refuse: at least 1001 bytes",
                "close: message too big; a new message began before it ended");
    }

    @Test
    void theCloseEventClosesWith1009AndItsReason() throws Exception {
        SizeLimitedDraft draft = draft();
        List<Framedata> frames = draft.translateFrame(ByteBuffer.wrap(frame(true, BINARY, bytes(LIMIT + 1, 1))));
        Framedata close = frames.get(frames.size() - 1);

        assertThatThrownBy(() -> draft.processFrame(null, close)).isInstanceOf(LimitExceededException.class)
                .hasMessage("message too big (limit 1000 bytes)")
                .satisfies(e -> assertThat(((LimitExceededException) e).getCloseCode()).isEqualTo(1009));
    }

    @Test
    void aProtocolErrorKeepsTheFramesBeforeIt() throws Exception {
        byte[] small = bytes(10, 1);
        byte[] stream = stream(frame(true, BINARY, small), frame(true, PING, 200, bytes(200, 2)), frame(true, BINARY, small));

        List<String> out = feed(draft(), stream, 100_000);

        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(binary(true, small));
        assertThat(out.get(1)).startsWith("fail: ");
    }
}
