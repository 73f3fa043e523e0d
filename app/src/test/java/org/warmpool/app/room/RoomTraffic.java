package org.warmpool.app.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.gateway.Protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Participants pressing Test: over the WebSocket with their name in the header, or as a cyber-dojo kata over HTTP. */
public final class RoomTraffic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private volatile CompletableFuture<JsonNode> reply;
    private final StringBuilder text = new StringBuilder();

    private RoomTraffic(URI ws, String token) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        socket = builder.buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode json = JSON.readTree(text.toString());
                        if ("result".equals(json.path("type").asText()) || "error".equals(json.path("type").asText())) {
                            reply.complete(json);
                        }
                    } catch (Exception e) {
                        reply.completeExceptionally(e);
                    }
                    text.setLength(0);
                }
                s.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    /** A connection to the WebSocket at {@code ws}. */
    public static RoomTraffic connect(URI ws) throws Exception {
        return new RoomTraffic(ws, null);
    }

    /** As above, to a Warmpool that requires {@code token}. */
    public static RoomTraffic connect(URI ws, String token) throws Exception {
        return new RoomTraffic(ws, token);
    }

    /** Sends one submission from {@code participant} and waits for its reply's outcome. */
    public String submit(String participant, String id, String image, SubmissionFiles files) throws Exception {
        reply = new CompletableFuture<>();
        socket.sendBinary(Protocol.submission(id, image, 10, false, false, participant, TarPacker.tgz(files)), true).get(10, TimeUnit.SECONDS);
        JsonNode json = reply.get(90, TimeUnit.SECONDS);
        return json.path("outcome").asText(json.path("code").asText());
    }

    /** cyber-dojo's runner call for kata {@code kataId}: its outcome. */
    public static String runCyberDojoSh(URI http, String kataId, String image, SubmissionFiles files) throws Exception {
        return runCyberDojoSh(http, null, kataId, image, files);
    }

    /** As above, to a Warmpool that requires {@code token}. */
    public static String runCyberDojoSh(URI http, String token, String kataId, String image, SubmissionFiles files) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("id", kataId);
        ObjectNode f = body.putObject("files");
        for (String path : files.paths()) {
            f.put(path, new String(files.get(path), StandardCharsets.UTF_8));
        }
        body.putObject("manifest").put("image_name", image).put("max_seconds", 10);
        HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve("/run_cyber_dojo_sh"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("run_cyber_dojo_sh").path("outcome").asText();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
