package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.archive.SubmissionFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Independent HTTP clients for the gateway: the JDK's {@code HttpClient}, and a raw socket for
 * requests it would tidy up (a bare {@code ?}, a hand-written WebSocket upgrade). Loopback only.
 */
final class HttpTestClient {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpTestClient() {
    }

    /** A response with its body read as JSON (a non-JSON body becomes {@code {"unparseable": body}}). */
    record Reply(int status, JsonNode json, String body, HttpResponse<String> response) {
    }

    static Reply send(int port, String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), parse(response.body()), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply get(int port, String pathAndQuery) {
        return send(port, "GET", pathAndQuery, null, Map.of());
    }

    static Reply post(int port, String path, String body) {
        return send(port, "POST", path, body, Map.of("Content-Type", "application/json"));
    }

    /** The cyber-dojo runner's request body for {@code run_cyber_dojo_sh}. */
    static String runBody(String id, String image, int maxSeconds, SubmissionFiles files) {
        ObjectNode body = WsTestClient.JSON.createObjectNode().put("id", id);
        ObjectNode fileMap = body.putObject("files");
        files.asMap().forEach((name, content) -> fileMap.put(name, new String(content, StandardCharsets.UTF_8)));
        body.putObject("manifest").put("image_name", image).put("max_seconds", maxSeconds);
        return body.toString();
    }

    /**
     * Writes {@code request} (CRLF line ends expected) to a fresh loopback connection and returns
     * what the server answers until it closes the connection or {@code limit} bytes arrived.
     */
    static String raw(int port, String request, int limit) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while (answer.size() < limit && (n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && request.contains("Upgrade: websocket")) {
                        break; // a handshake answer is its headers; a 101 keeps the connection open
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status line's code of a raw HTTP answer, or -1 when there was no status line. */
    static int statusOf(String rawAnswer) {
        if (!rawAnswer.startsWith("HTTP/1.")) {
            return -1;
        }
        String[] parts = rawAnswer.split(" ", 3);
        return parts.length < 2 ? -1 : Integer.parseInt(parts[1].trim());
    }

    /** The body of a raw HTTP answer (after the blank line). */
    static String bodyOf(String rawAnswer) {
        int at = rawAnswer.indexOf("\r\n\r\n");
        return at < 0 ? "" : rawAnswer.substring(at + 4);
    }

    /** A hand-written WebSocket upgrade request for {@code path} with extra header lines. */
    static String upgradeRequest(int port, String path, String... headerLines) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    static JsonNode parse(String body) {
        try {
            return WsTestClient.JSON.readTree(body);
        } catch (IOException e) {
            return WsTestClient.JSON.createObjectNode().put("unparseable", body);
        }
    }
}
