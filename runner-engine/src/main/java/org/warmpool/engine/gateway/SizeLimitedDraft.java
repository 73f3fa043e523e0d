package org.warmpool.engine.gateway;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * RFC 6455 with a limit on whole messages that refuses an oversized message the same way every
 * time (docs/protocol.md, "Messages that are too big"): as soon as a frame header takes a message
 * past the limit, the client gets a {@code too_large} error; the rest of that message is read and
 * thrown away, never buffered; only once the message has ended is the connection closed with 1009.
 * Closing at once instead, as the library does, leaves the client writing into a closed socket
 * (a broken pipe, or a reset that loses the close frame).
 *
 * <p>It reads frame headers itself, ahead of the library: frames within the limit are handed to
 * {@link Draft_6455} unchanged (header first, then the payload as it arrives), so the library
 * never sees a frame, or a fragmented message, over the limit and never allocates for one.
 * Discarding is bounded: after {@link #DRAIN_MAX_BYTES} or {@link #DRAIN_MAX_TIME} the connection
 * is closed even though the message has not ended.
 *
 * <p>Java-WebSocket copies the draft for every connection ({@link #copyInstance}); the state below
 * is one connection's, used by that connection's worker thread only (the drain deadline excepted).
 */
final class SizeLimitedDraft extends Draft_6455 {
    /** Most bytes of a refused message read and discarded before the connection is closed anyway. */
    static final long DRAIN_MAX_BYTES = 128L * 1024 * 1024;
    /** Longest time, from the error, the rest of a refused message may take before the connection is closed anyway. */
    static final Duration DRAIN_MAX_TIME = Duration.ofSeconds(30);

    private static final int MAX_HEADER_BYTES = 2 + 8 + 4;

    private final int maxMessageBytes;
    private final long drainMaxBytes;
    private final Duration drainMaxTime;

    /** The frame header being read, up to and with the masking key. */
    private final byte[] header = new byte[MAX_HEADER_BYTES];
    private int headerRead;
    /** Between a header and the end of its payload. */
    private boolean inPayload;
    private long payloadLeft;
    /** The current frame belongs to a refused message: its payload is skipped, not handed on. */
    private boolean discardingFrame;
    private boolean finalFrame;
    /** Payload bytes of the data message being read so far (its fragments added up). */
    private long messageBytes;
    /** Between the header that took a message past the limit and the end of that message. */
    private boolean refusing;
    private long discarded;
    /** Still discarding (read by the deadline, on another thread). */
    private volatile boolean draining;
    /** Closing: whatever else arrives is ignored. */
    private boolean stopped;

    SizeLimitedDraft(int maxMessageBytes) {
        this(maxMessageBytes, DRAIN_MAX_BYTES, DRAIN_MAX_TIME);
    }

    SizeLimitedDraft(int maxMessageBytes, long drainMaxBytes, Duration drainMaxTime) {
        // The library's own limit stays as a backstop; it is never reached, frames over it are not handed on.
        super(List.of(), maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
        this.drainMaxBytes = drainMaxBytes;
        this.drainMaxTime = drainMaxTime;
    }

    @Override
    public Draft copyInstance() {
        return new SizeLimitedDraft(maxMessageBytes, drainMaxBytes, drainMaxTime);
    }

    /** A refused handshake ({@link HandshakeRefusal}) is answered as it is: no upgrade headers for it. */
    @Override
    public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request, ServerHandshakeBuilder response)
            throws InvalidHandshakeException {
        return response instanceof HandshakeRefusal ? response : super.postProcessHandshakeResponseAsServer(request, response);
    }

    /** A refused handshake is written with its own status and text, where the library would write a 101. */
    @Override
    public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
        return handshake instanceof HandshakeRefusal refusal ? List.of(refusal.response())
                : super.createHandshake(handshake, withContent);
    }

    /**
     * Splits {@code buffer} at frame boundaries: frames within the limit go to the library, the
     * payload of a refused message is skipped. Besides the library's frames, the list holds
     * {@link Event}s, in stream order, which {@link #processFrame} acts on.
     */
    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
        List<Framedata> frames = new ArrayList<>();
        try {
            while (buffer.hasRemaining() && !stopped) {
                if (!inPayload) {
                    int n = Math.min(headerSize() - headerRead, buffer.remaining());
                    buffer.get(header, headerRead, n);
                    headerRead += n;
                    if (headerRead == headerSize()) {
                        frameHeader(frames);
                    }
                } else if (discardingFrame) {
                    int n = (int) Math.min(Math.min(payloadLeft, buffer.remaining()), drainMaxBytes - discarded);
                    buffer.position(buffer.position() + n);
                    discarded += n;
                    payloadLeft -= n;
                    if (payloadLeft == 0) {
                        frameEnded(frames);
                    } else if (discarded >= drainMaxBytes) {
                        stop(frames, "message too big; stopped reading it after discarding " + discarded + " bytes");
                    }
                } else {
                    int n = (int) Math.min(payloadLeft, buffer.remaining());
                    ByteBuffer part = buffer.duplicate();
                    part.limit(buffer.position() + n);
                    buffer.position(buffer.position() + n);
                    frames.addAll(super.translateFrame(part));
                    payloadLeft -= n;
                    if (payloadLeft == 0) {
                        frameEnded(frames);
                    }
                }
            }
        } catch (InvalidDataException e) {
            // Keep the frames before it: the library would lose them along with the exception.
            frames.add(new Event("fail: " + e.getMessage(), conn -> {
                throw e;
            }));
            stopped = true;
            draining = false;
        }
        if (stopped) {
            buffer.position(buffer.limit());
        }
        return frames;
    }

    /** Bytes in the current header: 2, then the extended length and the masking key once the second byte says so. */
    private int headerSize() {
        if (headerRead < 2) {
            return 2;
        }
        int length7 = header[1] & 0x7F;
        return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    /** The declared payload length, unsigned ({@code Long.MAX_VALUE} when it does not fit a long). */
    private long payloadLength() {
        int length7 = header[1] & 0x7F;
        if (length7 == 126) {
            return ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        }
        if (length7 == 127) {
            long length = ByteBuffer.wrap(header, 2, 8).getLong();
            return length < 0 ? Long.MAX_VALUE : length;
        }
        return length7;
    }

    private void frameHeader(List<Framedata> frames) throws InvalidDataException {
        int headerBytes = headerRead;
        headerRead = 0;
        int opcode = header[0] & 0x0F;
        boolean fin = (header[0] & 0x80) != 0;
        long length = payloadLength();
        boolean data = opcode <= 2; // continuation, text, binary; control and unknown frames are the library's to judge
        boolean newMessage = opcode == 1 || opcode == 2;
        long total = newMessage ? length : Math.min(Long.MAX_VALUE - maxMessageBytes, length) + messageBytes;
        if (data && refusing) {
            if (newMessage) {
                stop(frames, "message too big; a new message began before it ended");
                return;
            }
            discardingFrame = true;
        } else if (data && total > maxMessageBytes) {
            refusing = true;
            draining = true;
            discardingFrame = true;
            long size = total;
            boolean atLeast = !fin;
            frames.add(new Event("refuse: " + (atLeast ? "at least " : "") + size + " bytes", conn -> refuse(conn, size, atLeast)));
        } else {
            discardingFrame = false;
            if (data) {
                messageBytes = fin ? 0 : total;
            }
            frames.addAll(super.translateFrame(ByteBuffer.wrap(header, 0, headerBytes)));
        }
        finalFrame = fin;
        payloadLeft = length;
        inPayload = true;
        if (length == 0) {
            frameEnded(frames);
        }
    }

    private void frameEnded(List<Framedata> frames) {
        inPayload = false;
        if (discardingFrame && finalFrame) {
            stop(frames, "message too big (limit " + maxMessageBytes + " bytes)");
        }
    }

    /** Ends reading: the connection is closed with 1009 and {@code reason} once the frames before are processed. */
    private void stop(List<Framedata> frames, String reason) {
        stopped = true;
        draining = false;
        frames.add(new Event("close: " + reason, conn -> {
            throw new LimitExceededException(reason, maxMessageBytes);
        }));
    }

    /** Tells the client at once, and sets the deadline for the rest of the message. */
    private void refuse(WebSocketImpl conn, long size, boolean atLeast) {
        String message = "Messages may be at most " + maxMessageBytes + " bytes; this one is " + (atLeast ? "at least " : "")
                + size + " bytes. Warmpool reads and discards the rest of it, then closes the connection with code 1009"
                + " (message too big).";
        try {
            conn.send(Protocol.error(new GatewayException(ErrorCode.TOO_LARGE, null, message)));
        } catch (WebsocketNotConnectedException gone) {
            return;
        }
        // Run on the JDK's delay thread itself: closing only queues a frame, and a busy common pool could delay it.
        CompletableFuture.delayedExecutor(drainMaxTime.toMillis(), TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (draining) {
                conn.close(CloseFrame.TOOBIG, "message too big; the rest of it did not arrive within "
                        + drainMaxTime.toSeconds() + " s");
            }
        });
    }

    @Override
    public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) throws InvalidDataException {
        if (frame instanceof Event event) {
            event.action.run(webSocketImpl);
        } else {
            super.processFrame(webSocketImpl, frame);
        }
    }

    interface Action {
        void run(WebSocketImpl conn) throws InvalidDataException;
    }

    /** Not a frame: something to do, at its place among the frames; {@code what} says what, for logs and tests. */
    record Event(String what, Action action) implements Framedata {
        @Override
        public boolean isFin() {
            return true;
        }

        @Override
        public boolean isRSV1() {
            return false;
        }

        @Override
        public boolean isRSV2() {
            return false;
        }

        @Override
        public boolean isRSV3() {
            return false;
        }

        @Override
        public boolean getTransfereMasked() {
            return false;
        }

        @Override
        public Opcode getOpcode() {
            return Opcode.CONTINUOUS;
        }

        @Override
        public ByteBuffer getPayloadData() {
            return ByteBuffer.allocate(0);
        }

        @Override
        public void append(Framedata nextframe) {
            throw new UnsupportedOperationException();
        }
    }
}
