package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.Timings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link Protocol} writes, {@link Replies} reads back: a client sees the result the engine had. */
class ProtocolRepliesTest {

    static RunResult everyFieldSet(boolean warm) {
        return new RunResult("kata-7", "warmpool/python-pytest", Outcome.AMBER, "2",
                new Output("1 failed ✗\n", true), new Output("warning: \"quoted\"\n", false),
                Map.of("answer.txt", new Output("42\n", false), "out/log.txt", new Output("cut…", true)),
                Map.of("hiker.py", new Output("def answer():\n    return 42\n", false)),
                new Output("engine note", true), new Timings(3, 17, 412, 9, 441), warm, null);
    }

    @Test
    void aResultWrittenForTheWireReadsBackAsTheSameResult() throws IOException {
        for (boolean warm : new boolean[] {true, false}) {
            RunResult sent = everyFieldSet(warm);
            String json = Protocol.result(sent);

            Replies.Message read = Replies.read(json);

            assertThat(read).as("read back from %s", json).isInstanceOfSatisfying(Replies.Result.class, r -> {
                assertThat(r.result()).as("every field, the created and changed files, truncated flags, timings, warm")
                        .isEqualTo(sent);
                assertThat(r.id()).isEqualTo("kata-7");
                assertThat(r.json()).as("the text as it came").isEqualTo(json);
            });
        }
    }

    @Test
    void everyOutcomeReadsBack() throws IOException {
        for (Outcome outcome : Outcome.values()) {
            RunResult sent = new RunResult("o", "warmpool/busybox", outcome, outcome == Outcome.TIMED_OUT ? "" : "1",
                    Output.EMPTY, Output.EMPTY, Map.of(), Map.of(), Output.EMPTY, new Timings(0, 0, 0, 0, 0), true, null);

            assertThat(((Replies.Result) Replies.read(Protocol.result(sent))).result()).as("%s round trip", outcome).isEqualTo(sent);
        }
    }

    @Test
    void anErrorReadsBackWithItsCodeMessageAndRetryTime() throws IOException {
        String json = Protocol.error(new GatewayException(ErrorCode.THROTTLED, "t-1", "Too many at once.", 250));

        Replies.Message read = Replies.read(json);

        assertThat(read).isInstanceOfSatisfying(Replies.Refusal.class, r -> {
            assertThat(r.id()).isEqualTo("t-1");
            assertThat(r.code()).isEqualTo("throttled");
            assertThat(r.message()).isEqualTo("Too many at once.");
            assertThat(r.retryAfterMillis()).isEqualTo(250);
            assertThat(r.asException().reason()).isEqualTo(RunRejectedException.Reason.THROTTLED);
            assertThat(r.asException()).hasMessage("Too many at once. (retry after 250 ms)");
        });
    }

    @Test
    void anErrorAboutAnUnreadableHeaderHasNoId() throws IOException {
        Replies.Message read = Replies.read(Protocol.error(new GatewayException(ErrorCode.TOO_LARGE, null, "Too big.")));

        assertThat(read).isInstanceOfSatisfying(Replies.Refusal.class, r -> {
            assertThat(r.id()).isNull();
            assertThat(r.code()).isEqualTo("too_large");
            assertThat(r.retryAfterMillis()).isZero();
        });
    }

    @Test
    void anOutputMessageReadsBackAsAStretchOfItsStream() throws IOException {
        String json = Protocol.outputMessage("s-1", StdStream.STDERR, "héllo\n\uFFFD\"");

        assertThat(json).isEqualTo("{\"type\":\"output\",\"id\":\"s-1\",\"stream\":\"stderr\",\"data\":\"héllo\\n\uFFFD\\\"\"}");
        assertThat(Replies.read(json)).isEqualTo(new Replies.Streamed("s-1", StdStream.STDERR, "héllo\n\uFFFD\"", json));
        assertThatThrownBy(() -> Replies.read("{\"type\": \"output\", \"id\": \"s\", \"stream\": \"stdin\", \"data\": \"\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown stream \"stdin\"");
    }

    @Test
    void aHeaderAsksForStreamingWithTrueAndAnythingButABooleanIsABadHeader() throws GatewayException {
        String header = "{\"id\": \"h-1\", \"image\": \"warmpool/busybox\"";
        assertThat(Protocol.parseHeader((header + ", \"stream\": true}").getBytes(StandardCharsets.UTF_8)).stream()).isTrue();
        assertThat(Protocol.parseHeader((header + ", \"stream\": false}").getBytes(StandardCharsets.UTF_8)).stream()).isFalse();
        assertThat(Protocol.parseHeader((header + "}").getBytes(StandardCharsets.UTF_8)).stream()).as("by default").isFalse();
        for (String bad : List.of("\"yes\"", "1", "[true]", "{}")) {
            assertThatThrownBy(() -> Protocol.parseHeader((header + ", \"stream\": " + bad + "}").getBytes(StandardCharsets.UTF_8)))
                    .as("stream: %s", bad).isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_HEADER);
                        assertThat(e.id()).isEqualTo("h-1");
                        assertThat(e).hasMessage("\"stream\" must be true or false.");
                    });
        }
    }

    @Test
    void aQueuedNoticeSaysHowManyAreAhead() throws IOException {
        assertThat(Replies.read(Protocol.queued("q-1", 3))).isEqualTo(new Replies.Queued("q-1", 3));
    }

    @Test
    void whatIsNoMessageAboutASubmissionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Replies.read("not json")).isInstanceOf(IOException.class).hasMessageContaining("not a JSON message");
        assertThatThrownBy(() -> Replies.read("[1]")).isInstanceOf(IOException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Replies.read("{\"type\": \"hello\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown type \"hello\"");
        assertThatThrownBy(() -> Replies.read("{\"type\": \"result\", \"id\": \"x\", \"outcome\": \"purple\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown outcome \"purple\"");
    }
}
