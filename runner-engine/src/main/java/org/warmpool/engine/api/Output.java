package org.warmpool.engine.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text that went back to a client: stdout, stderr, a returned file, or the log; cut at
 * {@link #CAP_BYTES} with {@code truncated} set.
 */
public record Output(String content, boolean truncated) {
    /** cyber-dojo's cap: 50 KB per stream and per returned file. */
    public static final int CAP_BYTES = 50 * 1024;

    public static final Output EMPTY = new Output("", false);

    public static Output of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= CAP_BYTES ? new Output(text, false) : fromBytes(bytes, true);
    }

    /**
     * Decodes bytes a program wrote as UTF-8, replacing invalid sequences with U+FFFD, and cuts
     * at the cap without splitting a character.
     *
     * @param alreadyTruncated the producer already dropped bytes past the cap
     */
    public static Output fromBytes(byte[] bytes, boolean alreadyTruncated) {
        boolean truncated = alreadyTruncated || bytes.length > CAP_BYTES;
        int length = Math.min(bytes.length, CAP_BYTES);
        if (truncated) {
            length = withoutSplitCharacter(bytes, length);
        }
        return new Output(decodeLeniently(bytes, length), truncated);
    }

    /** Moves the cut back to the start of a multi-byte character the cap would split. */
    private static int withoutSplitCharacter(byte[] bytes, int length) {
        int start = length;
        int back = 0;
        while (start > 0 && back < 4 && (bytes[start - 1] & 0xC0) == 0x80) {
            start--;
            back++;
        }
        if (start == 0) {
            return length;
        }
        int lead = bytes[start - 1] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return needed > back + 1 ? start - 1 : length;
    }

    private static String decodeLeniently(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString().replace("\u0000", "\uFFFD");
        } catch (CharacterCodingException impossibleWithReplace) {
            throw new IllegalStateException(impossibleWithReplace);
        }
    }
}
