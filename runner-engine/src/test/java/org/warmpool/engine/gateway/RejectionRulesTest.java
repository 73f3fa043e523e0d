package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.HostileArchives;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.api.PoolSettings;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.warmpool.engine.gateway.Messages.OK_TGZ;
import static org.warmpool.engine.gateway.Messages.answerOnce;
import static org.warmpool.engine.gateway.Messages.assertError;
import static org.warmpool.engine.gateway.Messages.withHeader;

/** Each rule that turns a submission away answers with its code, the id, and a sentence saying why. */
@ExtendWith(ServedEngine.class)
class RejectionRulesTest {
    static final String ID_65 = "x".repeat(65);

    @AfterEach
    void restoreTheDefaultLimits() {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS);
    }

    static JsonNode answerTo(ByteBuffer message) {
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            return answerOnce(client, message);
        }
    }

    // ---------------------------------------------------------------- bad_header

    @Test
    void aTextMessageIsABadHeaderSayingToSendBinary() {
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            client.sendText("{\"id\": \"t\", \"image\": \"warmpool/busybox\"}");

            assertError(client.nextReply(), "bad_header", null, "binary");
        }
    }

    static Arguments badHeader(String what, ByteBuffer message, String id, String... mentions) {
        return arguments(what, message, id, List.of(mentions));
    }

    static Stream<Arguments> badHeaders() {
        String tail = ", \"image\": \"warmpool/busybox\"}";
        return Stream.of(
                badHeader("fewer than 4 bytes", ByteBuffer.wrap(new byte[] {0, 0, 1}), null, "4-byte"),
                badHeader("a header length larger than the message", Messages.withLength(100, "{}".getBytes(), new byte[0]), null,
                        "truncated"),
                badHeader("a header that is not JSON", withHeader("id=1&image=busybox", OK_TGZ), null, "not valid JSON"),
                badHeader("a header that is a JSON array", withHeader("[\"1\", \"warmpool/busybox\"]", OK_TGZ), null, "JSON object"),
                badHeader("a header without id", withHeader("{\"image\": \"warmpool/busybox\"}", OK_TGZ), null, "\"id\""),
                badHeader("an id of 65 characters", withHeader("{\"id\": \"" + ID_65 + "\"" + tail, OK_TGZ), null, "64 characters"),
                badHeader("an id that is a number", withHeader("{\"id\": 7" + tail, OK_TGZ), null, "\"id\""),
                badHeader("an image that is a number", withHeader("{\"id\": \"i-1\", \"image\": 5}", OK_TGZ), "i-1", "\"image\""),
                badHeader("an image name Docker would not accept", withHeader("{\"id\": \"i-2\", \"image\": \"Busy Box!\"}", OK_TGZ),
                        "i-2", "\"image\""),
                badHeader("max_seconds 0", withHeader("{\"id\": \"m-0\", \"max_seconds\": 0" + tail, OK_TGZ), "m-0", "max_seconds",
                        "1 to 20"),
                badHeader("max_seconds 21", withHeader("{\"id\": \"m-21\", \"max_seconds\": 21" + tail, OK_TGZ), "m-21", "max_seconds"),
                badHeader("max_seconds \"10\"", withHeader("{\"id\": \"m-s\", \"max_seconds\": \"10\"" + tail, OK_TGZ), "m-s",
                        "whole number"),
                badHeader("max_seconds 1.5", withHeader("{\"id\": \"m-f\", \"max_seconds\": 1.5" + tail, OK_TGZ), "m-f", "whole number"),
                badHeader("files_back \"yes\"", withHeader("{\"id\": \"f-y\", \"files_back\": \"yes\"" + tail, OK_TGZ), "f-y",
                        "files_back", "true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void aHeaderThatBreaksARuleIsABadHeader(String what, ByteBuffer message, String id, List<String> mentions) {
        assertError(answerTo(message), "bad_header", id, mentions.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- bad_archive, too_large, unknown_image

    static Stream<Arguments> badArchives() {
        return Stream.of(
                arguments("not gzip", HostileArchives.plainText(), "not a gzip file"),
                arguments("a symlink to /etc/passwd", HostileArchives.symlinkToEtcPasswd(), "/etc/passwd"),
                arguments("a path with ..", HostileArchives.dotDotEscape(), ".."),
                arguments("no cyber-dojo.sh", HostileArchives.withoutCyberDojoSh(), "no cyber-dojo.sh"),
                arguments("a truncated gzip", HostileArchives.truncatedGzip(), "truncated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArchives")
    void anArchiveThatBreaksARuleIsABadArchiveNamingTheProblem(String what, byte[] tgz, String mention) {
        String id = "a-" + what.replaceAll("\\W+", "-");

        assertError(answerTo(Messages.busybox(id, tgz)), "bad_archive", id, mention);
    }

    @Test
    void anArchiveOverTwoMibCompressedThatStillFitsInAMessageIsTooLarge() {
        byte[] tgz = HostileArchives.incompressible(2 * 1024 * 1024 + 40 * 1024);
        ByteBuffer message = Messages.busybox("big-1", tgz);
        assertThat(message.remaining()).as("the message fits the WebSocket limit but its archive does not fit 2 MiB")
                .isLessThan(2 * 1024 * 1024 + GatewayConfig.HEADER_ALLOWANCE)
                .isGreaterThan(2 * 1024 * 1024);

        assertError(answerTo(message), "too_large", "big-1", "2 MiB");
    }

    @Test
    void anImageWithoutAPoolIsUnknownSayingHowToLoadIt() {
        ByteBuffer message = Protocol.submission("nope-1", "warmpool/nope", 10, false, OK_TGZ);

        assertError(answerTo(message), "unknown_image", "nope-1", "warmpool/nope", "docker load");
    }

    // ---------------------------------------------------------------- throttled

    @Test
    void submissionsFasterThanTheRateAreThrottledWithWhenToRetry() {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withRate(1, 1));
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            for (String id : List.of("r-1", "r-2", "r-3")) {
                client.send(Messages.busybox(id, OK_TGZ));
            }
            Map<String, JsonNode> replies = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                JsonNode reply = client.nextReply();
                assertThat(replies.put(reply.path("id").asText(), reply)).as("a second reply for %s", reply).isNull();
            }

            assertThat(replies.get("r-1").path("outcome").asText()).as("the first, within the burst, runs: %s", replies.get("r-1"))
                    .isEqualTo("green");
            for (String id : List.of("r-2", "r-3")) {
                assertError(replies.get(id), "throttled", id, "Too many submissions", "1.0/s");
                assertThat(replies.get(id).path("retry_after_ms").asLong()).as("retry_after_ms of %s", id).isPositive();
            }
        }
        assertThat(ServedEngine.engine().throttle().rejections().get("rate")).as("rate rejections counted").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aThirdSubmissionWhileTwoAreInFlightOnOneConnectionIsThrottled() {
        byte[] slow = TarPacker.tgz(DemoImages.script("sleep 2; echo slow\n"));
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            client.send(Messages.busybox("p-1", slow));
            client.send(Messages.busybox("p-2", slow));
            client.send(Messages.busybox("p-3", OK_TGZ));

            JsonNode first = client.nextReply();
            assertError(first, "throttled", "p-3", "already has 2 submissions in flight", "limit 2");
            assertThat(first.path("retry_after_ms").asLong()).as("retry_after_ms").isPositive();
            List<JsonNode> results = List.of(client.nextReply(), client.nextReply());
            assertThat(results).as("the two in flight still finish")
                    .extracting(r -> r.path("id").asText() + " " + r.path("outcome").asText())
                    .containsExactlyInAnyOrder("p-1 green", "p-2 green");
        }
    }

    @Test
    void aSubmissionWhenTheQueueIsFullIsThrottledThroughBothDoors() {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConcurrentRuns(1).withQueueCapacity(0));
        try (WsTestClient busy = WsTestClient.connect(ServedEngine.wsPort());
             WsTestClient late = WsTestClient.connect(ServedEngine.wsPort())) {
            busy.send(Messages.busybox("q-1", TarPacker.tgz(DemoImages.script("sleep 2; echo done\n"))));
            await("q-1 admitted").atMost(Duration.ofSeconds(60)).until(() -> ServedEngine.engine().throttle().inFlight() == 1);

            JsonNode refused = answerOnce(late, Messages.busybox("q-2", OK_TGZ));
            HttpTestClient.Reply http = HttpTestClient.post(ServedEngine.httpPort(), "/run_cyber_dojo_sh",
                    HttpTestClient.runBody("q-3", DemoImages.BUSYBOX, 10, DemoImages.script("echo ok\n")));

            assertError(refused, "throttled", "q-2", "at capacity", "1 running", "0 waiting");
            assertThat(refused.path("retry_after_ms").asLong()).as("retry_after_ms").isPositive();
            assertThat(http.status()).as("HTTP status at capacity: %s", http.body()).isEqualTo(503);
            assertThat(http.json().at("/exception/message").asText()).as("HTTP exception message").contains("at capacity");
            assertThat(http.response().headers().firstValue("Retry-After")).as("Retry-After header").isPresent();
            JsonNode done = busy.nextReply();
            assertThat(done.path("outcome").asText()).as("the running one finishes: %s", done).isEqualTo("green");
        }
    }

    // ---------------------------------------------------------------- connections

    @Test
    void aConnectionOverTheLimitIsRefusedAtItsHandshakeWith503AndRetryAfter() {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConnections(2));
        ServedEngine.awaitNoConnections(ServedEngine.engine());
        try (WsTestClient first = WsTestClient.connect(ServedEngine.wsPort());
             WsTestClient second = WsTestClient.connect(ServedEngine.wsPort())) {
            await("both counted").atMost(Duration.ofSeconds(30)).until(() -> ServedEngine.engine().throttle().connections() == 2);
            String third = HttpTestClient.raw(ServedEngine.wsPort(), HttpTestClient.upgradeRequest(ServedEngine.wsPort(), "/"), 4096);

            assertThat(HttpTestClient.statusOf(third)).as("status for the third connection: %s", third).isEqualTo(503);
            assertThat(third).as("the third's answer").contains("\r\nRetry-After: 5\r\n");
            assertThatThrownBy(() -> WsTestClient.connect(ServedEngine.wsPort())).as("the JDK client's third connection")
                    .cause().isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(first.run("c-1", DemoImages.BUSYBOX, DemoImages.script("echo ok\n")).path("outcome").asText())
                    .as("a connection within the limit is still served").isEqualTo("green");
            first.close();
            await("the first connection counted out").atMost(Duration.ofSeconds(60))
                    .until(() -> ServedEngine.engine().throttle().connections() <= 1);
            try (WsTestClient another = WsTestClient.connect(ServedEngine.wsPort())) {
                assertThat(another.run("c-2", DemoImages.BUSYBOX, DemoImages.script("echo ok\n")).path("outcome").asText())
                        .as("once one leaves, a new connection is served").isEqualTo("green");
            }
        }
    }

    @Test
    void clientsThatLeaveRightAfterTheHandshakeGiveTheirConnectionSlotsBack() {
        ServedEngine.awaitNoConnections(ServedEngine.engine());
        for (int i = 0; i < 60; i++) {
            String answer = HttpTestClient.raw(ServedEngine.wsPort(), HttpTestClient.upgradeRequest(ServedEngine.wsPort(), "/"), 4096);
            assertThat(HttpTestClient.statusOf(answer)).as("handshake %d", i).isEqualTo(101);
        }

        await("connections counted out").atMost(Duration.ofSeconds(60))
                .until(() -> ServedEngine.engine().throttle().connections(), n -> n == 0);
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConnections(1));
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            assertThat(client.run("slot-1", DemoImages.BUSYBOX, DemoImages.script("echo ok\n")).path("outcome").asText())
                    .as("the one slot is free for a real client").isEqualTo("green");
        }
    }

    // ---------------------------------------------------------------- shutting_down

    @Test
    void closingTheGatewayAnswersTheQueuedSubmissionShuttingDownAndLetsTheRunningOneFinish() {
        ServedEngine.Served own = ServedEngine.start(EngineConfig.defaults().withPool(DemoImages.BUSYBOX, PoolSettings.withTarget(1)),
                GatewayConfig.loopback(0, 0));
        CompletableFuture<Void> closing = null;
        try (WsTestClient client = WsTestClient.connect(own.wsPort())) {
            own.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConcurrentRuns(1));
            client.send(Messages.busybox("run-1", TarPacker.tgz(DemoImages.script("sleep 2; echo finished\n"))));
            await("run-1 running").atMost(Duration.ofSeconds(60)).until(() -> own.engine().activeRuns() == 1);
            client.send(Messages.busybox("wait-1", OK_TGZ));
            await("wait-1 queued").atMost(Duration.ofSeconds(60)).until(() -> !client.queuedNotices().isEmpty());

            closing = CompletableFuture.runAsync(() -> own.close(Duration.ofSeconds(20)));
            JsonNode first = client.nextReply();
            JsonNode second = client.nextReply();
            WsTestClient.Closed closed = client.awaitClosed(Duration.ofSeconds(60));

            assertThat(client.queuedNotices().get(0).path("id").asText()).as("the queued notice's id").isEqualTo("wait-1");
            assertThat(client.queuedNotices().get(0).path("position").asInt()).as("the queued notice's position").isEqualTo(1);
            assertError(first, "shutting_down", "wait-1", "shutting down");
            assertThat(second.path("id").asText()).as("the second reply's id").isEqualTo("run-1");
            assertThat(second.path("outcome").asText()).as("the running one's outcome: %s", second).isEqualTo("green");
            assertThat(second.path("stdout").path("content").asText()).as("the running one's stdout").isEqualTo("finished\n");
            assertThat(closed.code()).as("close code when Warmpool stops (%s)", closed).isEqualTo(1001);
            assertThat(closed.reason()).as("close reason").contains("shutting down");
        } finally {
            if (closing == null) {
                own.close();
            } else {
                closing.join();
            }
        }
    }
}
