package org.warmpool.engine.agent;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One frame of the agent protocol (docs/agent.md): a word and exactly {@code payload.length} bytes.
 *
 * @param word    e.g. {@code HELLO}, {@code OUT}, {@code EXIT}
 * @param payload the bytes after the header line
 */
public record AgentFrame(String word, byte[] payload) {

    /** The payload as {@code key=value} lines (HELLO, EXIT, READY). */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The header and payload as they go on the wire. */
    public byte[] encode() {
        byte[] header = (word + " " + payload.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + payload.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(payload, 0, all, header.length, payload.length);
        return all;
    }
}
