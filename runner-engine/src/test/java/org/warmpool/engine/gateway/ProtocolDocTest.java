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

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 *
 * <p>A {@code json conversation} block is one connection's exchange: {@code >} messages are sent
 * (a submission as its binary message, anything else as a text message, as written), {@code <}
 * messages are the next ones Warmpool must send, in order; each {@code >} waits for the {@code <}
 * before it. A message may go on over lines that start with spaces. The engine has one run slot,
 * so a second submission waits while a first one runs.
 *
 * <p>An {@code http handshake} block is sent, as written, to the WebSocket port of a second
 * Warmpool, started with the token {@code T} and a limit of one connection, which is taken; the
 * {@code http response} block after it must match what comes back before the connection closes:
 * the status line exactly, each header listed with its value (others may come too), the body (a
 * prefix when it ends in "…").
 */
class ProtocolDocTest {
    static final Path DOC = Path.of(System.getProperty("warmpool.assets", "assets")).resolve("../docs/protocol.md").normalize();
    static final Pattern EXAMPLE = Pattern.compile(
            "```(json submission|http request)\\n(.*?)```\\s*(?:```json output\\n(.*?)```\\s*)?```json reply\\n(.*?)```"
                    + "(?:\\s*```json close\\n(.*?)```)?", Pattern.DOTALL);
    static final Pattern CONVERSATION = Pattern.compile("```json conversation\\n(.*?)```", Pattern.DOTALL);
    static final Pattern HANDSHAKE = Pattern.compile("```http handshake\\n(.*?)```\\s*```http response\\n(.*?)```", Pattern.DOTALL);
    static final Pattern SCRAPE = Pattern.compile("```http scrape\\n(.*?)```\\s*```prometheus reply\\n(.*?)```", Pattern.DOTALL);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "T";
    static Gateway gateway;
    static Engine engine;
    /** For the handshake examples: the token T, one connection allowed, and {@link #taken} holding it. */
    static ServedEngine.Served guarded;
    static WsTestClient taken;

    @BeforeAll
    static void serve() throws Exception {
        engine = Engine.start(EngineConfig.defaults().withMaxConcurrentRuns(1).withPool(DemoImages.BUSYBOX, PoolSettings.withTarget(1)));
        gateway = Gateway.open(engine, GatewayConfig.loopback(0, 0));
        await().atMost(Duration.ofSeconds(60)).until(engine::ready);
        guarded = ServedEngine.start(EngineConfig.defaults(), GatewayConfig.loopback(0, 0).withToken(TOKEN));
        guarded.engine().setLimits(guarded.engine().throttle().limits().withMaxConnections(1));
        taken = WsTestClient.connect(URI.create("ws://127.0.0.1:" + guarded.wsPort() + "/"), Map.of("Authorization", "Bearer " + TOKEN));
        await("the one connection taken").atMost(Duration.ofSeconds(30)).until(() -> guarded.engine().throttle().connections() == 1);
    }

    @AfterAll
    static void stop() {
        if (taken != null) {
            taken.close();
        }
        if (guarded != null) {
            guarded.close();
        }
        gateway.stopTakingWork();
        engine.close(Duration.ofSeconds(10));
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
        Matcher c = CONVERSATION.matcher(doc);
        while (c.find()) {
            List<String[]> steps = conversation(c.group(1));
            String name = "conversation: " + steps.stream().filter(step -> step[0].equals(">")).map(step -> step[1].replaceAll("\\s+", " "))
                    .map(text -> text.length() > 60 ? text.substring(0, 60) + "…" : text).findFirst().orElse("");
            tests.add(DynamicTest.dynamicTest(name, () -> converse(steps)));
        }
        Matcher h = HANDSHAKE.matcher(doc);
        while (h.find()) {
            String request = h.group(1);
            String expected = h.group(2);
            tests.add(DynamicTest.dynamicTest("handshake: " + request.lines().filter(l -> l.startsWith("Origin") || l.startsWith("Authorization"))
                    .findFirst().orElse("no Origin, no token"), () -> assertHandshakeAnswer(expected, handshake(request))));
        }
        Matcher p = SCRAPE.matcher(doc);
        while (p.find()) {
            String request = p.group(1).strip();
            String expected = p.group(2);
            tests.add(DynamicTest.dynamicTest("scrape: " + request, () -> assertScrapeHas(expected, scrape(request))));
        }
        assertThat(tests).as("examples found in " + DOC).hasSizeGreaterThanOrEqualTo(15);
        return tests.stream();
    }

    /** The steps of a conversation block: {">" or "<", the message's text}. */
    static List<String[]> conversation(String block) {
        List<String[]> steps = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith("> ") || line.startsWith("< ")) {
                steps.add(new String[]{line.substring(0, 1), line.substring(2)});
            } else if (!line.isBlank()) {
                assertThat(line).as("a line of a conversation: > sent, < received, or a message going on").startsWith(" ");
                String[] last = steps.get(steps.size() - 1);
                last[1] = last[1] + "\n" + line;
            }
        }
        return steps;
    }

    /** Plays a conversation on one connection: sends each {@code >}, and each {@code <} must be the next message to come. */
    static void converse(List<String[]> steps) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.wsPort() + "/"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            for (String[] step : steps) {
                JsonNode message = JSON.readTree(step[1]);
                if (step[0].equals("<")) {
                    String next = received.poll(60, TimeUnit.SECONDS);
                    assertThat(next).as("a message from Warmpool matching %s", step[1]).isNotNull();
                    assertMatches("", message, JSON.readTree(next));
                } else if (message.has("header")) {
                    awaitWarmContainer();
                    ws.sendBinary(submission(message), true).get(30, TimeUnit.SECONDS);
                } else {
                    ws.sendText(step[1], true).get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** The text an {@code http scrape} block's request answers. */
    static String scrape(String request) throws Exception {
        String[] line = request.split(" ");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + line[1])).GET().timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status of %s", request).isEqualTo(200);
        return response.body();
    }

    /** Each documented line is in the scrape: comments exactly, series with exactly those labels and a number. */
    static void assertScrapeHas(String documented, String scrape) {
        List<String> lines = scrape.lines().toList();
        for (String line : documented.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertThat(lines).as("the scrape's comment lines").contains(line);
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' ') + 1);
            String actual = lines.stream().filter(l -> l.startsWith(series)).findFirst().orElse(null);
            assertThat(actual).as("a line for %s in the scrape", series.strip()).isNotNull();
            assertThat(actual.substring(series.length())).as("the value of %s", series.strip()).matches("[-+0-9.eE]+|NaN|[+-]Inf");
        }
    }

    /** Sends a handshake block as written (its lines ended with CRLF) to the guarded Warmpool, and reads until it closes. */
    static String handshake(String block) throws IOException {
        String request = block.strip().replace("\n", "\r\n") + "\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), guarded.wsPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertHandshakeAnswer(String expected, String actual) {
        String[] want = expected.split("\n\n", 2);
        String[] got = actual.split("\r\n\r\n", 2);
        List<String> wantHead = want[0].lines().toList();
        List<String> gotHead = got[0].lines().toList();
        assertThat(gotHead.get(0)).as("status line of %s", actual).isEqualTo(wantHead.get(0));
        for (String header : wantHead.subList(1, wantHead.size())) {
            assertThat(gotHead).as("headers of %s", actual).anyMatch(line -> line.equalsIgnoreCase(header));
        }
        String wantBody = want.length > 1 ? want[1].strip() : "";
        String gotBody = got.length > 1 ? got[1].strip() : "";
        if (wantBody.endsWith("…")) {
            assertThat(gotBody).as("body").startsWith(wantBody.substring(0, wantBody.length() - 1));
        } else {
            assertThat(gotBody).as("body").isEqualTo(wantBody);
        }
    }

    /** The examples show warm runs: let the pool refill after the previous example took its container. */
    static void awaitWarmContainer() {
        await("a warm container for the example").atMost(Duration.ofSeconds(60))
                .until(() -> engine.snapshot().pools().stream().allMatch(p -> p.ready() >= p.target()));
    }

    /** A submission example as its binary message. */
    static java.nio.ByteBuffer submission(JsonNode example) {
        JsonNode header = example.get("header");
        Map<String, byte[]> files = new LinkedHashMap<>();
        example.path("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tgz = example.has("archive_bytes") ? new byte[example.get("archive_bytes").asInt()] : TarPacker.tgz(DemoImages.files(files));
        java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate(4 + headerBytes.length + tgz.length);
        message.putInt(headerBytes.length).put(headerBytes).put(tgz).flip();
        return message;
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
        awaitWarmContainer();
        java.nio.ByteBuffer message = submission(example);

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
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("elements of %s", path).isGreaterThanOrEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(path + "[" + i + "]", expected.get(i), actual.get(i));
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
