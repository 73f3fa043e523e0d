package org.warmpool.engine.gateway;

import org.warmpool.engine.api.Output;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One stream of a run's output as text while it arrives, cleaned as {@link Output#fromBytes} cleans
 * the whole of it: decoded as UTF-8 a chunk at a time (a character split between chunks waits for
 * its end rather than becoming U+FFFD), invalid bytes and NUL as U+FFFD, and nothing past the cap.
 * So the text handed out, followed by {@link #rest}, is the result's text.
 *
 * <p>The last {@value #HELD_BACK} bytes before the cap are never decoded here: where the output is
 * cut, {@link Output#fromBytes} moves the cut back so as not to split a character, and only the
 * result knows whether it was cut. Those bytes come with the {@link #rest}. Not thread-safe.
 */
final class OutputText {
    static final int HELD_BACK = 4;
    private static final int DECODED_LIMIT = Output.CAP_BYTES - HELD_BACK;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** The start of a character whose end has not arrived yet (at most 3 bytes). */
    private byte[] unfinished = new byte[0];
    /** Bytes taken in so far, up to {@link #DECODED_LIMIT}. */
    private int taken;
    /** Characters handed out so far, and their {@link String#hashCode()}, kept as the text grows. */
    private int chars;
    private int hash;

    /** The text {@code chunk} completes; empty when it completes no character, or the cap is reached. */
    String accept(byte[] chunk) {
        int usable = Math.min(chunk.length, DECODED_LIMIT - taken);
        if (usable <= 0) {
            return "";
        }
        taken += usable;
        ByteBuffer in = ByteBuffer.allocate(unfinished.length + usable);
        in.put(unfinished).put(chunk, 0, usable).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, false);
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 never decodes to more characters than bytes");
        }
        unfinished = new byte[in.remaining()];
        in.get(unfinished);
        out.flip();
        return handOut(out.toString());
    }

    /**
     * What the result's text holds beyond what was handed out: the held-back bytes, a character the
     * output ended in the middle of. Empty when the result does not begin with what was handed out
     * (its container died under the run and took the output with it): the result has the last word.
     */
    String rest(Output result) {
        String content = result.content();
        if (content.length() < chars || content.substring(0, chars).hashCode() != hash) {
            return "";
        }
        return handOut(content.substring(chars));
    }

    private String handOut(String decoded) {
        String text = decoded.replace('\u0000', '\uFFFD');
        for (int i = 0; i < text.length(); i++) {
            hash = 31 * hash + text.charAt(i); // String.hashCode, continued
        }
        chars += text.length();
        return text;
    }
}
