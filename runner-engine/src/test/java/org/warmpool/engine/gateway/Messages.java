package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binary messages, well-formed and not, and the checks every error reply must pass. */
final class Messages {
    /** A good archive: {@code cyber-dojo.sh} is {@code echo ok}. */
    static final byte[] OK_TGZ = TarPacker.tgz(DemoImages.script("echo ok\n"));

    private Messages() {
    }

    /** The 4-byte length, {@code header} as UTF-8, then {@code tgz}. */
    static ByteBuffer withHeader(String header, byte[] tgz) {
        return withHeaderBytes(header.getBytes(StandardCharsets.UTF_8), tgz);
    }

    static ByteBuffer withHeaderBytes(byte[] header, byte[] tgz) {
        return withLength(header.length, header, tgz);
    }

    /** A message whose length prefix says {@code length}, whatever follows. */
    static ByteBuffer withLength(int length, byte[] header, byte[] tgz) {
        ByteBuffer message = ByteBuffer.allocate(4 + header.length + tgz.length);
        message.putInt(length).put(header).put(tgz).flip();
        return message;
    }

    /** A well-formed header for {@code id} on busybox, followed by {@code tgz}. */
    static ByteBuffer busybox(String id, byte[] tgz) {
        return Protocol.submission(id, DemoImages.BUSYBOX, 10, false, tgz);
    }

    /**
     * Sends {@code message} and returns its reply, checking there is exactly one: a text message
     * sent right after it is answered {@code bad_header} at once, so a second reply to the first
     * would arrive before that answer.
     */
    static JsonNode answerOnce(WsTestClient client, ByteBuffer message) {
        client.send(message);
        return replyThenProbe(client);
    }

    static JsonNode replyThenProbe(WsTestClient client) {
        JsonNode reply = client.nextReply();
        client.sendText("probe");
        JsonNode probe = client.nextReply(Duration.ofSeconds(30));
        assertThat(probe.path("message").asText()).as("the answer after the reply to %s (a second reply?)", reply)
                .startsWith("Send submissions as binary messages");
        return reply;
    }

    /**
     * An error reply with {@code code}, the {@code id} echoed ({@code null}: the header could not
     * be read), and a sentence that mentions each of {@code mentions}.
     */
    static void assertError(JsonNode reply, String code, String id, String... mentions) {
        assertThat(reply.path("type").asText()).as("type of %s", reply).isEqualTo("error");
        assertThat(reply.path("code").asText()).as("code of %s", reply).isEqualTo(code);
        if (id == null) {
            assertThat(reply.has("id") && reply.get("id").isNull()).as("id is null in %s", reply).isTrue();
        } else {
            assertThat(reply.path("id").asText()).as("id echoed in %s", reply).isEqualTo(id);
        }
        String message = reply.path("message").asText();
        assertThat(message).as("message of %s reads as a sentence", code)
                .matches("(?s)[A-Z\"a-z].{10,}")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        for (String mention : mentions) {
            assertThat(message).as("message of %s", code).containsIgnoringCase(mention);
        }
    }
}
