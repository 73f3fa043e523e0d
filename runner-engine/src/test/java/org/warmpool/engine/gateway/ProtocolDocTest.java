package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.api.PoolSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Executes every example in docs/protocol.md against a real engine: the request blocks are sent
 * as written and the replies must match the documented ones (same keys and types; strings equal,
 * or a prefix when the documented string ends in "…"; numbers only need to be numbers). A
 * submission with {@code archive_bytes} sends that many zero bytes as its archive; a
 * {@code json close} block after the reply is the close frame that must follow it (its code
 * exactly); a {@code json output} block before the reply holds the {@code output} messages that
 * must come first, one a line (compared after joining neighbours of the same stream: how output is
 * cut into messages depends on timing), and without one none may come.
 */
class ProtocolDocTest {
    static final Path DOC = Path.of(System.getProperty("warmpool.assets", "assets")).resolve("../docs/protocol.md").normalize();
    static final Pattern EXAMPLE = Pattern.compile(
            "```(json submission|http request)\\n(.*?)```\\s*(?:```json output\\n(.*?)```\\s*)?```json reply\\n(.*?)```"
                    + "(?:\\s*```json close\\n(.*?)```)?", Pattern.DOTALL);
    static final ObjectMapper JSON = new ObjectMapper();
    static Gateway gateway;
    static Engine engine;

    @BeforeAll
    static void serve() throws Exception {
        engine = Engine.start(EngineConfig.defaults().withPool(DemoImages.BUSYBOX, PoolSettings.withTarget(1)));
        gateway = Gateway.open(engine, GatewayConfig.loopback(0, 0));
        await().atMost(Duration.ofSeconds(60)).until(engine::ready);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInTheProtocolDocumentHolds() throws Exception {
        String doc = Files.readString(DOC);
        Matcher m = EXAMPLE.matcher(doc);
        List<DynamicTest> tests = new ArrayList<>();
        while (m.find()) {
            String kind = m.group(1);
            String request = m.group(2);
            List<JsonNode> expectedOutput = new ArrayList<>();
            if (m.group(3) != null) {
                for (String line : m.group(3).split("\n")) {
                    if (!line.isBlank()) {
                        expectedOutput.add(JSON.readTree(line));
                    }
                }
            }
            JsonNode expected = JSON.readTree(m.group(4));
            JsonNode expectedClose = m.group(5) == null ? null : JSON.readTree(m.group(5));
            String name = kind + ": " + request.lines().findFirst().orElse("").trim();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (kind.equals("http request")) {
                    assertMatches("", expected, http(request));
                    return;
                }
                List<JsonNode> output = new ArrayList<>();
                List<JsonNode> actual = websocket(JSON.readTree(request), expectedClose != null, output);
                assertOutputMatches(expectedOutput, output);
                assertMatches("", expected, actual.get(0));
                if (expectedClose != null) {
                    assertMatches("close", expectedClose, actual.get(1));
                    assertThat(actual.get(1).path("code").asInt()).as("close code").isEqualTo(expectedClose.path("code").asInt());
                }
            }));
        }
        assertThat(tests).as("examples found in " + DOC).hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    static JsonNode http(String block) throws Exception {
        String[] lines = block.split("\n", 2);
        String[] requestLine = lines[0].trim().split(" ");
        String body = lines.length > 1 ? lines[1].trim() : "";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + requestLine[1]))
                .method(requestLine[0], body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /**
     * The reply to {@code example}, then, when {@code close}, how the connection was closed after it
     * ({@code code}, {@code reason}); the {@code output} messages that came before the reply are added to {@code output}.
     */
    static List<JsonNode> websocket(JsonNode example, boolean close, List<JsonNode> output) throws Exception {
        // The examples show warm runs: let the pool refill after the previous example took its container.
        await("a warm container for the example").atMost(Duration.ofSeconds(60))
                .until(() -> engine.snapshot().pools().stream().allMatch(p -> p.ready() >= p.target()));
        JsonNode header = example.get("header");
        Map<String, byte[]> files = new LinkedHashMap<>();
        example.path("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tgz = example.has("archive_bytes") ? new byte[example.get("archive_bytes").asInt()] : TarPacker.tgz(DemoImages.files(files));
        java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate(4 + headerBytes.length + tgz.length);
        message.putInt(headerBytes.length).put(headerBytes).put(tgz).flip();

        CompletableFuture<String> reply = new CompletableFuture<>();
        CompletableFuture<JsonNode> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.wsPort() + "/"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String message = text.toString();
                            if (message.startsWith("{\"type\":\"output\"") && !reply.isDone()) {
                                try {
                                    output.add(JSON.readTree(message));
                                } catch (java.io.IOException e) {
                                    reply.completeExceptionally(e);
                                }
                            } else if (!message.startsWith("{\"type\":\"queued\"")) {
                                reply.complete(message);
                            }
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        closed.complete(JSON.createObjectNode().put("code", statusCode).put("reason", reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendBinary(message, true).get(30, TimeUnit.SECONDS);
            JsonNode answer = JSON.readTree(reply.get(60, TimeUnit.SECONDS));
            return close ? List.of(answer, closed.get(60, TimeUnit.SECONDS)) : List.of(answer);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** The same messages once neighbours of one stream are joined; each with exactly the documented fields. */
    static void assertOutputMatches(List<JsonNode> expected, List<JsonNode> actual) {
        for (JsonNode message : actual) {
            List<String> keys = new ArrayList<>();
            message.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("fields of %s", message).containsExactly("type", "id", "stream", "data");
        }
        assertThat(joinedNeighbours(actual)).as("output messages before the reply (neighbours of one stream joined)")
                .isEqualTo(joinedNeighbours(expected));
    }

    /** "id stream: data" for each run of messages of one id and stream. */
    static List<String> joinedNeighbours(List<JsonNode> messages) {
        List<String> joined = new ArrayList<>();
        String last = null;
        for (JsonNode m : messages) {
            String key = m.path("type").asText() + " " + m.path("id").asText() + " " + m.path("stream").asText() + ": ";
            if (key.equals(last)) {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1) + m.path("data").asText());
            } else {
                joined.add(key + m.path("data").asText());
            }
            last = key;
        }
        return joined;
    }

    static void assertMatches(String path, JsonNode expected, JsonNode actual) {
        assertThat(actual).as("%s present", path.isEmpty() ? "reply" : path).isNotNull();
        assertThat(actual.getNodeType()).as("type of %s in %s", path, actual).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            List<String> expectedKeys = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedKeys::add);
            List<String> actualKeys = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualKeys::add);
            assertThat(actualKeys).as("keys of %s", path.isEmpty() ? "the reply" : path).containsExactlyInAnyOrderElementsOf(expectedKeys);
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertMatches(path + "." + key, expected.get(key), actual.get(key));
            }
        } else if (expected.isTextual()) {
            String want = expected.asText();
            if (want.endsWith("…")) {
                assertThat(actual.asText()).as(path).startsWith(want.substring(0, want.length() - 1));
            } else {
                assertThat(actual.asText()).as(path).isEqualTo(want);
            }
        } else if (expected.isBoolean()) {
            assertThat(actual.asBoolean()).as(path).isEqualTo(expected.asBoolean());
        }
    }
}
