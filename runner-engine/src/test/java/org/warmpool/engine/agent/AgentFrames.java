package org.warmpool.engine.agent;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's framing (docs/agent.md), for tests: every frame is {@code <WORD> <length>\n}
 * followed by exactly {@code length} bytes; a RUN payload is a sequence of fields framed the
 * same way, with lower-case names.
 */
final class AgentFrames {
    static final int MAX_HEADER = 28;

    private AgentFrames() {
    }

    /** One frame as it arrived, with the time it arrived (System.nanoTime). */
    record Frame(String word, byte[] payload, long arrivedNanos) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The {@code key=value} lines of HELLO, EXIT and READY. */
        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : text().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return fields;
        }

        @Override
        public String toString() {
            String shown = text();
            return word + " " + payload.length + (shown.length() > 200 ? " " + shown.substring(0, 200) + "…" : " " + shown);
        }
    }

    static byte[] header(String word, long length) {
        return (word + " " + length + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] frame(String word, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(word, payload.length));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Reads one frame; null at a clean end of stream. Strict about the header, as the agent is. */
    static Frame read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a frame header: " + line);
            }
            line.write(c);
            if (line.size() >= MAX_HEADER) {
                throw new IOException("frame header too long: " + line.toString(StandardCharsets.US_ASCII));
            }
        }
        String header = line.toString(StandardCharsets.US_ASCII);
        if (!header.matches("[A-Z]{1,16} (0|[1-9][0-9]{0,9})")) {
            throw new IOException("bad frame header: " + header);
        }
        String[] parts = header.split(" ");
        long length = Long.parseLong(parts[1]);
        byte[] payload = in.readNBytes(Math.toIntExact(length));
        if (payload.length != length) {
            throw new EOFException("stream ended inside a " + parts[0] + " frame");
        }
        return new Frame(parts[0], payload, System.nanoTime());
    }

    /** A RUN request: fields in the order added. */
    static final class Run {
        private final List<byte[]> fields = new ArrayList<>();

        Run field(String name, byte[] value) {
            fields.add(frame(name, value));
            return this;
        }

        Run field(String name, String value) {
            return field(name, value.getBytes(StandardCharsets.UTF_8));
        }

        Run maxSeconds(int seconds) {
            return field("max_seconds", Integer.toString(seconds));
        }

        Run filesBack(boolean back) {
            return field("files_back", back ? "1" : "0");
        }

        Run env(String nameEqualsValue) {
            return field("env", nameEqualsValue);
        }

        Run tar(byte[] tar) {
            return field("tar", tar);
        }

        byte[] payload() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fields.forEach(out::writeBytes);
            return out.toByteArray();
        }

        byte[] toFrame() {
            return frame("RUN", payload());
        }
    }
}
