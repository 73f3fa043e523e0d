package org.warmpool.engine.gateway;

import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.HandshakeImpl1Server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket handshake turned away with a proper HTTP answer: a status that says why (401 without
 * the token, 403 for a forbidden Origin, 503 with {@code Retry-After} at the connection limit) and a
 * line of plain text for a person, then the connection closes.
 *
 * <p>Java-WebSocket answers every handshake refused by throwing {@code InvalidDataException} from
 * {@code onWebsocketHandshakeReceivedAsServer} with a bare {@code 404 WebSocket Upgrade Failure}
 * (its {@code WebSocketImpl.closeConnectionDueToWrongHandshake} is private and hard-codes it). So the
 * door does not throw: it returns this as the handshake's "response", which {@link SizeLimitedDraft}
 * writes as it is, instead of the 101; the door then closes the connection once it is written
 * ({@link WebSocketDoor#addConnection}), before anything else can use it.
 */
final class HandshakeRefusal extends HandshakeImpl1Server {
    /** How long a client turned away at the connection limit is told to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final String phrase;
    private final String body;
    private final Map<String, String> headers;
    private final int closeCode;

    private HandshakeRefusal(int status, String phrase, String body, Map<String, String> headers, int closeCode) {
        this.status = status;
        this.phrase = phrase;
        this.body = body;
        this.headers = headers;
        this.closeCode = closeCode;
    }

    /** A page from an Origin that may not use this Warmpool. */
    static HandshakeRefusal forbiddenOrigin(String origin) {
        return new HandshakeRefusal(403, "Forbidden", "Origin " + origin + " may not open Warmpool's WebSocket: only"
                + " Warmpool's own page may, and origins its operator allows (warmpool serve --allow-origin).",
                Map.of(), CloseFrame.POLICY_VALIDATION);
    }

    /** No token, or the wrong one. */
    static HandshakeRefusal unauthorised(boolean tokenSent) {
        return new HandshakeRefusal(401, "Unauthorized", (tokenSent ? "The token is not the one this Warmpool expects."
                : "This Warmpool requires a token.") + " Send the header Authorization: Bearer <token>, or (from a browser)"
                + " add ?token=<token> to the WebSocket's URL.",
                Map.of("WWW-Authenticate", "Bearer realm=\"warmpool\""), CloseFrame.POLICY_VALIDATION);
    }

    /** At the connection limit. */
    static HandshakeRefusal full(int maxConnections) {
        return new HandshakeRefusal(503, "Service Unavailable", "Warmpool has as many connections as it takes ("
                + maxConnections + "); try again in " + RETRY_AFTER_SECONDS + " s.",
                Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), CloseFrame.TRY_AGAIN_LATER);
    }

    int status() {
        return status;
    }

    /** The plain-text line the client is sent (without its newline). */
    String body() {
        return body;
    }

    /** What the library is told the connection closed with (nothing of it goes on the wire). */
    int closeCode() {
        return closeCode;
    }

    /** The whole HTTP answer. */
    ByteBuffer response() {
        byte[] text = (body + "\n").getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", "text/plain; charset=utf-8");
        fields.put("Content-Length", Integer.toString(text.length));
        fields.put("Connection", "close");
        fields.put("Cache-Control", "no-store");
        fields.putAll(headers);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(phrase).append("\r\n");
        fields.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(headBytes.length + text.length).put(headBytes).put(text).flip();
    }

    @Override
    public String toString() {
        return status + " " + phrase + ": " + body;
    }
}
