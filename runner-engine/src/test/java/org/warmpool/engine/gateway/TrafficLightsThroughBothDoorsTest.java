package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.SubmissionFiles;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo start points come back red, their amber and green variants amber and green, through
 * both doors: a WebSocket submission and the cyber-dojo runner's {@code POST /run_cyber_dojo_sh}.
 */
@ExtendWith(ServedEngine.class)
class TrafficLightsThroughBothDoorsTest {

    static SubmissionFiles submissionFor(String image, String colour) {
        return colour.equals("red") ? DemoImages.startPoint(image) : DemoImages.variant(image, colour);
    }

    @ParameterizedTest(name = "{0} {1} over the WebSocket")
    @CsvSource({
            "warmpool/busybox, red", "warmpool/busybox, amber", "warmpool/busybox, green",
            "warmpool/python-pytest, red", "warmpool/python-pytest, amber", "warmpool/python-pytest, green"})
    void aStartPointOrVariantComesBackInItsColourOverTheWebSocket(String image, String colour) {
        String id = "colours-" + image.substring(image.indexOf('/') + 1) + "-" + colour;
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            JsonNode reply = client.run(id, image, submissionFor(image, colour));

            assertThat(reply.path("type").asText()).as("reply type of %s", reply).isEqualTo("result");
            assertThat(reply.path("outcome").asText()).as("outcome of %s", reply).isEqualTo(colour);
            assertThat(reply.path("id").asText()).as("id echoed").isEqualTo(id);
            assertThat(reply.path("image").asText()).as("image echoed").isEqualTo(image);
            assertThat(reply.path("status").isTextual()).as("status is a string in %s", reply).isTrue();
            if (colour.equals("green")) {
                assertThat(reply.path("status").asText()).as("a green run's exit status").isEqualTo("0");
            } else {
                assertThat(reply.path("status").asText()).as("a %s run's exit status", colour).isNotIn("", "0");
            }
            assertThat(reply.path("stdout").path("content").isTextual()).as("stdout.content is a string").isTrue();
            assertThat(reply.path("stdout").path("content").asText() + reply.path("stderr").path("content").asText())
                    .as("the tests said something on stdout or stderr").isNotBlank();
            assertThat(reply.path("stdout").path("truncated").asBoolean(true)).as("stdout not truncated").isFalse();
            assertThat(reply.path("timings").path("total_ms").isIntegralNumber()).as("timings.total_ms is a number in %s", reply).isTrue();
            assertThat(reply.path("timings").path("total_ms").asLong()).as("timings.total_ms").isNotNegative();
            List<String> timingKeys = new ArrayList<>();
            reply.path("timings").fieldNames().forEachRemaining(timingKeys::add);
            assertThat(timingKeys).as("timings reported")
                    .containsExactlyInAnyOrder("queued_ms", "claim_ms", "exec_ms", "colour_ms", "total_ms");
            assertThat(reply.path("warm").isBoolean()).as("warm is a boolean in %s", reply).isTrue();
            assertThat(client.pendingReplies()).as("no second reply to one submission").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1} over HTTP")
    @CsvSource({
            "warmpool/busybox, red", "warmpool/busybox, amber", "warmpool/busybox, green",
            "warmpool/python-pytest, red", "warmpool/python-pytest, amber", "warmpool/python-pytest, green"})
    void aStartPointOrVariantComesBackInItsColourOverTheCyberDojoHttpApi(String image, String colour) {
        String id = "http-" + colour;
        HttpTestClient.Reply reply = HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh",
                HttpTestClient.runBody(id, image, 10, submissionFor(image, colour)));

        assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(200);
        assertThat(reply.response().headers().firstValue("Content-Type")).as("content type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        List<String> topKeys = new ArrayList<>();
        reply.json().fieldNames().forEachRemaining(topKeys::add);
        assertThat(topKeys).as("the reply is keyed by the method's name").containsExactly("run_cyber_dojo_sh");
        JsonNode run = reply.json().get("run_cyber_dojo_sh");
        List<String> keys = new ArrayList<>();
        run.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("keys of run_cyber_dojo_sh")
                .containsExactlyInAnyOrder("stdout", "stderr", "status", "outcome", "created", "changed", "log");
        assertThat(run.path("outcome").asText()).as("outcome of %s", run).isEqualTo(colour);
        assertThat(run.path("stdout").path("content").isTextual()).as("stdout.content is a string").isTrue();
        assertThat(run.path("stdout").path("truncated").isBoolean()).as("stdout.truncated is a boolean").isTrue();
        assertThat(run.path("stderr").path("content").isTextual()).as("stderr.content is a string").isTrue();
        assertThat(run.path("stderr").path("truncated").isBoolean()).as("stderr.truncated is a boolean").isTrue();
        assertThat(run.path("status").isTextual()).as("status is a string").isTrue();
        assertThat(run.path("status").asText()).as("exit status of a %s run", colour)
                .satisfies(status -> {
                    if (colour.equals("green")) {
                        assertThat(status).isEqualTo("0");
                    } else {
                        assertThat(status).isNotIn("", "0");
                    }
                });
        assertThat(run.path("created").isObject()).as("created is an object").isTrue();
        assertThat(run.path("changed").isObject()).as("changed is an object").isTrue();
        assertThat(run.path("log").isTextual()).as("log is a string (as the cyber-dojo runner sends it)").isTrue();
    }
}
