package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.warmpool.engine.DemoImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP door answers in the shapes cyber-dojo's clients expect from its runner. */
@ExtendWith(ServedEngine.class)
class CyberDojoHttpApiTest {

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static void assertException(HttpTestClient.Reply reply, int status, String messageMentions) {
        assertThat(reply.status()).as("HTTP status for %s", reply.body()).isEqualTo(status);
        assertThat(keys(reply.json())).as("a bad request answers {\"exception\": …}").containsExactly("exception");
        JsonNode exception = reply.json().get("exception");
        assertThat(keys(exception)).as("keys of the exception").contains("path", "body", "class", "message");
        assertThat(exception.path("path").asText()).as("exception.path").isEqualTo("/run_cyber_dojo_sh");
        assertThat(exception.path("class").asText()).as("exception.class, as cyber-dojo's runner answers").isEqualTo("Runner");
        assertThat(exception.path("message").asText()).as("exception.message").containsIgnoringCase(messageMentions);
    }

    @Test
    void aliveAnswersAliveTrue() {
        HttpTestClient.Reply reply = HttpTestClient.get(ServedEngine.httpPort(), "/alive");

        assertThat(reply.status()).as("status of GET /alive").isEqualTo(200);
        assertThat(reply.body()).as("body of GET /alive").isEqualToIgnoringWhitespace("{\"alive?\":true}");
    }

    @Test
    void readyWithABareQuestionMarkAnswersReadyTrueOncePoolsAreFull() {
        // Written by hand: the JDK client would drop the empty query, and cyber-dojo clients send it.
        String answer = HttpTestClient.raw(ServedEngine.httpPort(),
                "GET /ready? HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 64 * 1024);

        assertThat(HttpTestClient.statusOf(answer)).as("status of GET /ready? in %s", answer).isEqualTo(200);
        assertThat(HttpTestClient.bodyOf(answer)).as("body of GET /ready?").isEqualToIgnoringWhitespace("{\"ready?\":true}");
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/ready").body()).as("body of GET /ready")
                .isEqualToIgnoringWhitespace("{\"ready?\":true}");
    }

    @Test
    void shaAnswersFortyHexDigits() {
        HttpTestClient.Reply reply = HttpTestClient.get(ServedEngine.httpPort(), "/sha");

        assertThat(reply.status()).as("status of GET /sha").isEqualTo(200);
        assertThat(keys(reply.json())).as("keys of the sha reply").containsExactly("sha");
        assertThat(reply.json().path("sha").asText()).as("sha").matches("[0-9a-f]{40}");
    }

    @Test
    void aGetWithAJsonBodyRunsCyberDojoShAsCyberDojoClientsSendIt() {
        String body = HttpTestClient.runBody("get-1", DemoImages.BUSYBOX, 10, DemoImages.script("echo hello\n"));

        HttpTestClient.Reply reply = HttpTestClient.send(ServedEngine.httpPort(), "GET", "/run_cyber_dojo_sh", body, Map.of());

        assertThat(reply.status()).as("status of a GET with a body: %s", reply.body()).isEqualTo(200);
        JsonNode run = reply.json().path("run_cyber_dojo_sh");
        assertThat(run.path("outcome").asText()).as("outcome").isEqualTo("green");
        assertThat(run.path("stdout").path("content").asText()).as("stdout").isEqualTo("hello\n");
        assertThat(run.path("status").asText()).as("status").isEqualTo("0");
    }

    @Test
    void filesTheRunCreatesComeBackOverHttp() {
        String body = HttpTestClient.runBody("created-1", DemoImages.BUSYBOX, 10,
                DemoImages.script("echo 42 > answer.txt; echo 'expected 42, got 54'; exit 1\n"));

        JsonNode run = HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", body).json().path("run_cyber_dojo_sh");

        assertThat(run.path("outcome").asText()).as("outcome of %s", run).isEqualTo("red");
        assertThat(run.path("created").path("answer.txt").path("content").asText()).as("created answer.txt in %s", run)
                .isEqualTo("42\n");
        assertThat(keys(run.path("changed"))).as("nothing sent was changed").isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonAnswers400WithTheException() {
        HttpTestClient.Reply reply = HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", "{\"id\": \"x\", files");

        assertException(reply, 400, "JSON");
        assertThat(reply.json().at("/exception/body").asText()).as("the exception quotes the body")
                .isEqualTo("{\"id\": \"x\", files");
    }

    @Test
    void aRequestWithoutABodyAnswers400() {
        HttpTestClient.Reply reply = HttpTestClient.send(ServedEngine.httpPort(), "POST", "/run_cyber_dojo_sh", null, Map.of());

        assertException(reply, 400, "");
        assertThat(reply.json().at("/exception/message").asText()).as("message").isNotBlank();
    }

    @Test
    void maxSecondsOutOfRangeAnswers400SayingTheRange() {
        String body = "{\"id\": \"s\", \"files\": {\"cyber-dojo.sh\": \"echo hi\"},"
                + " \"manifest\": {\"image_name\": \"warmpool/busybox\", \"max_seconds\": 21}}";

        assertException(HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", body), 400, "max_seconds");
    }

    @Test
    void maxSecondsThatOnlyLooksInRangeWhenCutToAnIntAnswers400() {
        // 4294967301 = 2^32 + 5: read as an int it would be 5 seconds.
        String body = "{\"id\": \"s\", \"files\": {\"cyber-dojo.sh\": \"echo hi\"},"
                + " \"manifest\": {\"image_name\": \"warmpool/busybox\", \"max_seconds\": 4294967301}}";

        assertException(HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", body), 400, "max_seconds");
    }

    @Test
    void aFileNameEscapingTheSandboxAnswers400NamingIt() {
        String body = "{\"id\": \"e\", \"files\": {\"cyber-dojo.sh\": \"echo hi\", \"../escape.txt\": \"x\"},"
                + " \"manifest\": {\"image_name\": \"warmpool/busybox\"}}";

        assertException(HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", body), 400, "..");
    }

    @Test
    void anUnknownImageAnswersPullingWithALogSayingHowToDockerLoadIt() {
        String body = HttpTestClient.runBody("nope-1", "warmpool/nope", 10, DemoImages.script("echo hi\n"));

        HttpTestClient.Reply reply = HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh", body);

        assertThat(reply.status()).as("status for an unknown image: %s", reply.body()).isEqualTo(200);
        JsonNode run = reply.json().path("run_cyber_dojo_sh");
        assertThat(run.path("outcome").asText()).as("outcome").isEqualTo("pulling");
        assertThat(run.path("log").asText()).as("log").contains("warmpool/nope").contains("docker load");
        assertThat(keys(run)).as("keys of a pulling reply")
                .containsExactlyInAnyOrder("stdout", "stderr", "status", "outcome", "created", "changed", "log");
    }

    @Test
    void anUnknownPathAnswers404NamingTheKnownOnes() {
        HttpTestClient.Reply reply = HttpTestClient.get(ServedEngine.httpPort(), "/run");

        assertThat(reply.status()).as("status of an unknown path").isEqualTo(404);
        assertThat(reply.json().at("/exception/message").asText()).as("message").contains("/run_cyber_dojo_sh");
    }
}
