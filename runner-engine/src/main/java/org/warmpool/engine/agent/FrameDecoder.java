package org.warmpool.engine.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the agent's stdout into frames as chunks arrive (chunks follow no frame boundary). Only
 * lengths delimit frames: there is no end marker a submission could print. A header that is not
 * {@code WORD LENGTH\n} within {@value #MAX_HEADER} bytes, or a length over the limit, is a
 * protocol error: nothing after it can be trusted. Each byte is copied once.
 */
final class FrameDecoder {
    static final int MAX_HEADER = 28;
    /** Larger than any frame the agent sends (FILES is capped at 64 MiB). */
    static final int MAX_PAYLOAD = 80 << 20;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private String word;
    private byte[] payload;
    private int filled;

    /** The frames completed by {@code chunk}, in order. */
    List<AgentFrame> feed(byte[] chunk) {
        List<AgentFrame> frames = new ArrayList<>();
        int at = 0;
        while (at < chunk.length) {
            if (word == null) {
                byte b = chunk[at++];
                if (b == '\n') {
                    parseHeader(new String(header, 0, headerLength, StandardCharsets.US_ASCII));
                    headerLength = 0;
                } else if (headerLength == MAX_HEADER - 1) {
                    throw new AgentProtocolException("a frame header longer than " + MAX_HEADER + " bytes");
                } else {
                    header[headerLength++] = b;
                }
            } else {
                int n = Math.min(payload.length - filled, chunk.length - at);
                System.arraycopy(chunk, at, payload, filled, n);
                filled += n;
                at += n;
            }
            if (word != null && filled == payload.length) {
                frames.add(new AgentFrame(word, payload));
                word = null;
                payload = null;
                filled = 0;
            }
        }
        return frames;
    }

    private void parseHeader(String text) {
        int space = text.indexOf(' ');
        if (space < 1 || !text.substring(0, space).chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new AgentProtocolException("a bad frame header: \"" + text + "\"");
        }
        String digits = text.substring(space + 1);
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            throw new AgentProtocolException("a bad frame length: \"" + text + "\"");
        }
        long n = Long.parseLong(digits);
        if (n > MAX_PAYLOAD) {
            throw new AgentProtocolException("a frame of " + n + " bytes, over the limit of " + MAX_PAYLOAD);
        }
        word = text.substring(0, space);
        payload = new byte[(int) n];
        filled = 0;
    }
}
