package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client on a plain socket, for what a proper client cannot send: a frame header on
 * its own (declaring, say, 2^62 bytes), then payload bytes at any pace. A reader thread records,
 * in order and with the time each arrived, every text message, the close frame, and how the
 * stream ended.
 */
final class RawWsClient implements AutoCloseable {
    /** Something that arrived: {@code text} (a JSON message), {@code close} (code and reason), or {@code end}. */
    record Event(String kind, JsonNode json, int code, String reason, long atNanos) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private long written;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::read, "raw-ws-reader");
        this.reader.setDaemon(true);
    }

    static RawWsClient connect(int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            RawWsClient client = new RawWsClient(socket);
            client.out.write(HttpTestClient.upgradeRequest(port, "/").getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            String answer = client.readHandshakeAnswer();
            if (HttpTestClient.statusOf(answer) != 101) {
                socket.close();
                throw new IllegalStateException("handshake refused: " + answer);
            }
            client.reader.start();
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHandshakeAnswer() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            answer.append((char) b);
        }
        return answer.toString();
    }

    /** Writes a masked frame header (masking key 0, so the payload goes as it is) declaring {@code length} bytes. */
    void frameHeader(boolean fin, int opcode, long length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(14);
        header.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length <= 125) {
            header.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            header.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            header.put((byte) (0x80 | 127)).putLong(length);
        }
        header.putInt(0);
        out.write(header.array(), 0, header.position());
        out.flush();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        written += bytes.length;
    }

    /** Payload bytes written so far. */
    long written() {
        return written;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    boolean ended() {
        return events.stream().anyMatch(e -> e.kind().equals("close") || e.kind().equals("end"));
    }

    /** Waits until the server's close frame, or the end of the stream, has arrived. */
    List<Event> awaitEnd(Duration timeout) {
        await("the connection's end").atMost(timeout).pollInterval(Duration.ofMillis(20)).until(this::ended);
        return events();
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder text = new StringBuilder();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((b1 & 0x80) != 0) {
                    in.readInt(); // a server does not mask; read past it if it did
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                long now = System.nanoTime();
                if (opcode == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    events.add(new Event("close", null, code, reason, now));
                    return;
                }
                if (opcode == 1 || opcode == 0) {
                    text.append(new String(payload, StandardCharsets.UTF_8));
                    if ((b0 & 0x80) != 0) {
                        events.add(new Event("text", WsTestClient.JSON.readTree(text.toString()), 0, "", now));
                        text.setLength(0);
                    }
                }
                // pings are not answered: this client is not a polite one
            }
        } catch (EOFException e) {
            events.add(new Event("end", null, -1, "end of stream", System.nanoTime()));
        } catch (IOException e) {
            events.add(new Event("end", null, -1, e.toString(), System.nanoTime()));
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
