package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A submission's header may name its participant: a name like an id, or nobody (anonymous). */
class ParticipantHeaderTest {

    static ByteBuffer message(String headerJson) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + header.length + 2).putInt(header.length).put(header).put(new byte[] {0x1f, (byte) 0x8b}).flip();
    }

    @Test
    void aHeaderNamesItsParticipantOrNobody() throws Exception {
        assertThat(Protocol.parseSubmission(message("{\"id\": \"1\", \"image\": \"warmpool/busybox\", \"participant\": \"Zoë B.\"}"))
                .header().participant()).isEqualTo("Zoë B.");
        assertThat(Protocol.parseSubmission(message("{\"id\": \"1\", \"image\": \"warmpool/busybox\"}")).header().participant())
                .as("no participant: anonymous").isNull();
        assertThat(Protocol.parseSubmission(message("{\"id\": \"1\", \"image\": \"warmpool/busybox\", \"participant\": null}"))
                .header().participant()).isNull();
        assertThat(Protocol.parseSubmission(message("{\"id\": \"1\", \"image\": \"warmpool/busybox\", \"participant\": \""
                + "x".repeat(64) + "\"}")).header().participant()).hasSize(64);
    }

    @ParameterizedTest(name = "participant {0} is refused")
    @ValueSource(strings = {"\"\"", "\"   \"", "42", "true", "[\"a\"]", "\"tab\\there\"", "\"line\\nbreak\"", "LONG"})
    void aParticipantThatIsNoNameIsABadHeaderThatSaysWhy(String value) {
        String json = value.equals("LONG") ? "\"" + "y".repeat(65) + "\"" : value;
        assertThatThrownBy(() -> Protocol.parseSubmission(message("{\"id\": \"p-1\", \"image\": \"warmpool/busybox\", \"participant\": "
                + json + "}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_HEADER);
                    assertThat(e.id()).as("the reply names the submission").isEqualTo("p-1");
                })
                .hasMessageStartingWith("\"participant\" must be a name of 1 to 64 characters");
    }

    @Test
    void aSubmissionBuiltForAParticipantCarriesTheName() throws Exception {
        ByteBuffer built = Protocol.submission("b-1", "warmpool/busybox", 10, false, false, "alice", new byte[] {0x1f, (byte) 0x8b});
        assertThat(Protocol.parseSubmission(built).header().participant()).isEqualTo("alice");
    }

    @Test
    void overHttpTheKataIdIsTheParticipantWhenItCouldBeOne() {
        assertThat(Protocol.participantOf("5U2J18")).isEqualTo("5U2J18");
        assertThat(Protocol.participantOf("")).isNull();
        assertThat(Protocol.participantOf("z".repeat(65))).isNull();
        assertThat(Protocol.participantOf("a\u0000b")).isNull();
    }
}
