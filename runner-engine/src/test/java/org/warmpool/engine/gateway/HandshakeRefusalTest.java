package org.warmpool.engine.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.core.EngineConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket handshake that may not come in is answered, on a plain socket, with an HTTP status
 * that says why — 403 for a forbidden Origin, 401 without the right token (with
 * {@code WWW-Authenticate}), 503 with {@code Retry-After} at the connection limit — and a line of
 * plain text, and then the connection is closed (the library alone would answer a bare 404).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeRefusalTest {
    static final String TOKEN = "s3cret";
    static final String BEARER = "Authorization: Bearer " + TOKEN;
    ServedEngine.Served guarded;
    ThrottleLimits limits;

    @BeforeAll
    void serve() {
        // no pools: these tests are about the door, and an engine without pools starts at once
        guarded = ServedEngine.start(EngineConfig.defaults(), GatewayConfig.loopback(0, 0).withToken(TOKEN));
        limits = guarded.engine().throttle().limits();
    }

    @AfterAll
    void close() {
        if (guarded != null) {
            guarded.close();
        }
    }

    @AfterEach
    void limitsBack() {
        guarded.engine().setLimits(limits);
        ServedEngine.awaitNoConnections(guarded.engine());
    }

    /** An HTTP answer as it came off the socket, and whether the server closed the connection after it. */
    record Answer(int status, String statusLine, Map<String, String> headers, String body, int bytes, boolean closedByServer) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code request} (and then {@code more} bytes, as a client that does not wait would) and reads until the server closes. */
    Answer send(String request, byte[] more) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), guarded.wsPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(more);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    got.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // closed stays false
            } catch (java.net.SocketException reset) {
                closed = true;
            }
            return parse(got.toString(StandardCharsets.UTF_8), got.size(), closed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer handshake(String... headerLines) {
        return send(HttpTestClient.upgradeRequest(guarded.wsPort(), "/", headerLines), new byte[0]);
    }

    static Answer parse(String raw, int bytes, boolean closed) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(HttpTestClient.statusOf(raw), lines[0], headers, end < 0 ? "" : raw.substring(end + 4), bytes, closed);
    }

    /** What every refusal has: the status line, a plain-text body of exactly its Content-Length, then the end of the connection. */
    static void assertRefused(Answer answer, int status, String statusLine, String bodyStart) {
        assertThat(answer.statusLine()).as("status line of %s", answer).isEqualTo(statusLine);
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("Content-Type").isEqualTo("text/plain; charset=utf-8");
        assertThat(answer.body()).as("body").startsWith(bodyStart).endsWith("\n").doesNotContain("<html");
        assertThat(answer.body().lines().count()).as("lines of the body").isEqualTo(1);
        assertThat(Integer.parseInt(answer.header("Content-Length"))).as("Content-Length")
                .isEqualTo(answer.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(answer.header("Upgrade")).as("no upgrade").isNull();
        assertThat(answer.closedByServer()).as("the server closed the connection after it").isTrue();
    }

    @Test
    void aForbiddenOriginIsAnswered403() {
        Answer answer = handshake("Origin: http://evil.example", BEARER);

        assertRefused(answer, 403, "HTTP/1.1 403 Forbidden", "Origin http://evil.example may not open Warmpool's WebSocket");
        assertThat(handshake("Origin: http://evil.example").status()).as("without the token too: the Origin is judged first")
                .isEqualTo(403);
    }

    @Test
    void withoutTheTokenItIsAnswered401AndSaysHowToSendIt() {
        Answer answer = handshake();

        assertRefused(answer, 401, "HTTP/1.1 401 Unauthorized", "This Warmpool requires a token.");
        assertThat(answer.body()).contains("Authorization: Bearer <token>").contains("?token=<token>");
        assertThat(answer.header("WWW-Authenticate")).as("WWW-Authenticate").isEqualTo("Bearer realm=\"warmpool\"");
    }

    @Test
    void theWrongTokenIsAnswered401SayingItIsWrong() {
        assertRefused(handshake("Authorization: Bearer wrong"), 401, "HTTP/1.1 401 Unauthorized",
                "The token is not the one this Warmpool expects.");
        assertRefused(send(HttpTestClient.upgradeRequest(guarded.wsPort(), "/?token=wrong"), new byte[0]), 401,
                "HTTP/1.1 401 Unauthorized", "The token is not the one this Warmpool expects.");
    }

    @Test
    void atTheConnectionLimitItIsAnswered503WithRetryAfter() {
        guarded.engine().setLimits(limits.withMaxConnections(1));
        long turnedAway = guarded.engine().throttle().rejections().get("connections");
        try (WsTestClient holder = WsTestClient.connect(URI.create("ws://127.0.0.1:" + guarded.wsPort() + "/"),
                Map.of("Authorization", "Bearer " + TOKEN))) {
            await("the one connection counted").atMost(Duration.ofSeconds(30))
                    .until(() -> guarded.engine().throttle().connections() == 1);

            Answer answer = handshake(BEARER);

            assertRefused(answer, 503, "HTTP/1.1 503 Service Unavailable",
                    "Warmpool has as many connections as it takes (1); try again in 5 s.");
            assertThat(answer.header("Retry-After")).as("Retry-After").isEqualTo("5");
            assertThat(guarded.engine().throttle().rejections().get("connections")).as("connections turned away")
                    .isEqualTo(turnedAway + 1);
            assertThat(holder.isClosed()).as("the connection that holds the place").isFalse();
        }
        await("the place given back").atMost(Duration.ofSeconds(60)).until(() -> guarded.engine().throttle().connections() == 0);
        assertThat(HttpTestClient.statusOf(HttpTestClient.raw(guarded.wsPort(),
                HttpTestClient.upgradeRequest(guarded.wsPort(), "/", BEARER), 4096))).as("once it is free").isEqualTo(101);
    }

    @Test
    void whatAClientSendsAfterARefusedHandshakeIsNeverRead() {
        // a masked text frame, sent at once behind the handshake: a cancel Warmpool would answer, were it read
        byte[] text = "{\"type\": \"cancel\", \"id\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(2 + 4 + text.length).put((byte) 0x81).put((byte) (0x80 | text.length))
                .putInt(0).put(text);

        Answer answer = send(HttpTestClient.upgradeRequest(guarded.wsPort(), "/", "Origin: http://evil.example"), frame.array());

        assertRefused(answer, 403, "HTTP/1.1 403 Forbidden", "Origin http://evil.example may not open");
        assertThat(answer.body()).as("nothing after the refusal's own text").doesNotContain("nothing_to_cancel").doesNotContain("\u0081");
        assertThat(guarded.engine().throttle().connections()).as("connections counted").isZero();
    }

    @Test
    void theJdkClientSeesTheStatus() {
        URI uri = URI.create("ws://127.0.0.1:" + guarded.wsPort() + "/");
        assertThatThrownBy(() -> WsTestClient.connect(uri, Map.of()))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> WsTestClient.connect(uri, Map.of("Authorization", "Bearer " + TOKEN, "Origin", "http://evil.example")))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
    }
}
