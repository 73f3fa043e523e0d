package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.cli.WarmpoolCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may come in: browser pages only from Warmpool's own origin (or an allowed one), and, when
 * a token is configured, only clients that carry it. Nothing binds beyond loopback without one.
 */
@ExtendWith(ServedEngine.class)
class OriginAndTokenTest {
    static final String TOKEN = "s3cret";
    static ServedEngine.Served guarded;

    @BeforeAll
    static void openAGatewayThatNeedsAToken() {
        // No pools: these tests are about the doors, and an engine without pools starts at once.
        guarded = ServedEngine.start(EngineConfig.defaults(),
                GatewayConfig.loopback(0, 0).withToken(TOKEN).withAllowedOrigins(List.of("http://dojo.example/")));
    }

    @AfterAll
    static void closeIt() {
        if (guarded != null) {
            guarded.close();
        }
    }

    static URI ws(int port, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    static String handshake(int port, String path, String... headerLines) {
        return HttpTestClient.raw(port, HttpTestClient.upgradeRequest(port, path, headerLines), 16 * 1024);
    }

    // ---------------------------------------------------------------- Origin

    @Test
    void aPageFromAnotherOriginCannotOpenTheWebSocket() {
        String answer = handshake(ServedEngine.wsPort(), "/", "Origin: http://evil.example");

        assertThat(HttpTestClient.statusOf(answer)).as("status answering a handshake from http://evil.example: %s", answer)
                .isEqualTo(403);
        assertThatThrownBy(() -> WsTestClient.connect(ws(ServedEngine.wsPort(), "/"), Map.of("Origin", "http://evil.example")))
                .as("the JDK client's handshake with Origin http://evil.example")
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void aPageServedByWarmpoolItselfMayOpenTheWebSocketAndSubmit() {
        String origin = "http://127.0.0.1:" + ServedEngine.httpPort();
        assertThat(HttpTestClient.statusOf(handshake(ServedEngine.wsPort(), "/", "Origin: " + origin)))
                .as("status answering a handshake from %s", origin).isEqualTo(101);
        assertThat(HttpTestClient.statusOf(handshake(ServedEngine.wsPort(), "/", "Origin: http://localhost:" + ServedEngine.httpPort())))
                .as("status answering a handshake from localhost on the HTTP port").isEqualTo(101);

        try (WsTestClient client = WsTestClient.connect(ws(ServedEngine.wsPort(), "/"), Map.of("Origin", origin))) {
            JsonNode reply = client.run("own-origin", DemoImages.BUSYBOX, DemoImages.script("echo ok\n"));
            assertThat(reply.path("outcome").asText()).as("outcome for a page of Warmpool's own: %s", reply).isEqualTo("green");
        }
    }

    @Test
    void aLoopbackPageOnAnotherPortIsNotWarmpoolsOwn() {
        int otherPort = ServedEngine.httpPort() == 1 ? 2 : ServedEngine.httpPort() - 1;
        String answer = handshake(ServedEngine.wsPort(), "/", "Origin: http://127.0.0.1:" + otherPort);

        assertThat(HttpTestClient.statusOf(answer)).as("status answering a loopback origin on port %d", otherPort).isEqualTo(403);
    }

    @Test
    void anOriginTheOperatorAllowedMayOpenTheWebSocket() {
        int port = guarded.wsPort();
        assertThat(HttpTestClient.statusOf(handshake(port, "/", "Origin: http://dojo.example", "Authorization: Bearer " + TOKEN)))
                .as("status answering the allowed origin").isEqualTo(101);
        assertThat(HttpTestClient.statusOf(handshake(port, "/", "Origin: http://evil.example", "Authorization: Bearer " + TOKEN)))
                .as("status answering another origin, even with the token").isEqualTo(403);
    }

    // ---------------------------------------------------------------- token

    @Test
    void withATokenAWebSocketHandshakeWithoutItIsRefused() {
        assertThat(HttpTestClient.statusOf(handshake(guarded.wsPort(), "/"))).as("status without a token").isEqualTo(401);
        assertThat(HttpTestClient.statusOf(handshake(guarded.wsPort(), "/", "Authorization: Bearer wrong")))
                .as("status with the wrong token").isEqualTo(401);
        assertThatThrownBy(() -> WsTestClient.connect(ws(guarded.wsPort(), "/"), Map.of()))
                .as("the JDK client's handshake without a token")
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void withATokenAWebSocketHandshakeCarryingItAsABearerIsAccepted() {
        try (WsTestClient client = WsTestClient.connect(ws(guarded.wsPort(), "/"), Map.of("Authorization", "Bearer " + TOKEN))) {
            client.submit("t-1", DemoImages.BUSYBOX, DemoImages.script("echo hi\n"));
            JsonNode reply = client.nextReply();
            // This engine has no pools: the answer proves the connection was let in and served.
            assertThat(reply.path("code").asText()).as("reply over the authorised connection: %s", reply).isEqualTo("unknown_image");
            assertThat(reply.path("id").asText()).as("id echoed").isEqualTo("t-1");
        }
    }

    @Test
    void withATokenABrowserMayCarryItInTheQuery() {
        assertThat(HttpTestClient.statusOf(handshake(guarded.wsPort(), "/?token=" + TOKEN))).as("status with ?token=").isEqualTo(101);
        try (WsTestClient client = WsTestClient.connect(ws(guarded.wsPort(), "/?token=" + TOKEN), Map.of())) {
            client.sendText("hello");
            assertThat(client.nextReply().path("code").asText()).as("reply over a connection let in by ?token=").isEqualTo("bad_header");
        }
        assertThat(HttpTestClient.statusOf(handshake(guarded.wsPort(), "/?token=wrong"))).as("status with ?token=wrong").isEqualTo(401);
    }

    @Test
    void withATokenHttpWithoutItAnswers401WithAnException() {
        HttpTestClient.Reply reply = HttpTestClient.get(guarded.httpPort(), "/alive");

        assertThat(reply.status()).as("status of GET /alive without the token").isEqualTo(401);
        assertThat(reply.json().has("exception")).as("an exception in %s", reply.body()).isTrue();
        assertThat(reply.json().at("/exception/message").asText()).as("message").containsIgnoringCase("token");
        assertThat(HttpTestClient.send(guarded.httpPort(), "POST", "/run_cyber_dojo_sh", "{}", Map.of()).status())
                .as("status of POST /run_cyber_dojo_sh without the token").isEqualTo(401);
        assertThat(HttpTestClient.send(guarded.httpPort(), "GET", "/alive", null, Map.of("Authorization", "Bearer wrong")).status())
                .as("status with the wrong token").isEqualTo(401);
    }

    @Test
    void withATokenHttpCarryingItIsServed() {
        HttpTestClient.Reply reply = HttpTestClient.send(guarded.httpPort(), "GET", "/alive", null,
                Map.of("Authorization", "Bearer " + TOKEN));

        assertThat(reply.status()).as("status of GET /alive with the token").isEqualTo(200);
        assertThat(reply.json().path("alive?").asBoolean()).as("alive?").isTrue();
    }

    // ---------------------------------------------------------------- exposure

    @Test
    void bindingEveryAddressWithoutATokenIsRefusedBeforeAnythingListens() throws Exception {
        GatewayConfig exposed = GatewayConfig.loopback(0, 0).withBind(InetAddress.getByName("0.0.0.0"));

        assertThatThrownBy(() -> Gateway.open(ServedEngine.engine(), exposed))
                .as("opening a gateway on 0.0.0.0 without a token")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token")
                .hasMessageContaining("0.0.0.0");
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/alive").status())
                .as("the shared engine still serves after the refusal").isEqualTo(200);
    }

    @Test
    void theServeCommandRefusesToBindEveryAddressWithoutAToken(@TempDir Path dir) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = WarmpoolCli.execute("serve", "--config", dir.resolve("none.json").toString(),
                    "--bind", "0.0.0.0", "--http-port", "0", "--ws-port", "0");
        } finally {
            System.setErr(err);
        }

        assertThat(status).as("exit status of serve --bind 0.0.0.0 without a token").isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("what serve said")
                .contains("warmpool serve:").contains("token").contains("0.0.0.0");
    }
}
