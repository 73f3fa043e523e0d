package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An independent WebSocket client for the gateway, built on the JDK's {@code java.net.http}
 * client (not on the library the server uses). It sends binary submissions, collects every text
 * message the server sends, keeps {@code queued} notices and {@code output} messages apart from
 * replies (and all of them in arrival order), and records how the connection ended.
 */
final class WsTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(90);

    /**
     * How the connection ended: a close frame from the server, or an error (code -1); and how
     * many replies ({@code result} or {@code error}) had arrived before it ended.
     */
    record Closed(int code, String reason, Throwable error, int repliesBefore) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> replies;
    private final List<JsonNode> queuedNotices;
    private final List<JsonNode> everything;
    private final CompletableFuture<Closed> closed;

    private WsTestClient(WebSocket socket, BlockingQueue<JsonNode> replies, List<JsonNode> queuedNotices,
                         List<JsonNode> everything, CompletableFuture<Closed> closed) {
        this.socket = socket;
        this.replies = replies;
        this.queuedNotices = queuedNotices;
        this.everything = everything;
        this.closed = closed;
    }

    static WsTestClient connect(int wsPort) {
        return connect(URI.create("ws://127.0.0.1:" + wsPort + "/"), Map.of());
    }

    /** Opens a connection; fails (with the handshake's exception as the cause) when the server refuses it. */
    static WsTestClient connect(URI uri, Map<String, String> headers) {
        try {
            return connectAsync(uri, headers).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("handshake with " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("handshake with " + uri + " did not complete: " + e, e);
        }
    }

    static CompletableFuture<WsTestClient> connectAsync(URI uri, Map<String, String> headers) {
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        List<JsonNode> queued = new CopyOnWriteArrayList<>();
        List<JsonNode> everything = new CopyOnWriteArrayList<>();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            /** Replies so far; the listener's methods are called one at a time, in the order things arrived. */
            private int replyCount;

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonNode message;
                    try {
                        message = JSON.readTree(text.toString());
                    } catch (IOException e) {
                        message = JSON.createObjectNode().put("type", "unparseable").put("raw", text.toString());
                    }
                    text.setLength(0);
                    everything.add(message);
                    String type = message.path("type").asText();
                    if ("queued".equals(type)) {
                        queued.add(message);
                    } else if ("output".equals(type)) {
                        // streamed output: not a reply; everything() has it in its place
                    } else {
                        replyCount++;
                        replies.add(message);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                replyCount++;
                replies.add(JSON.createObjectNode().put("type", "unexpected_binary").put("bytes", data.remaining()));
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason, null, replyCount));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new Closed(-1, "", error, replyCount));
            }
        };
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, listener).thenApply(ws -> new WsTestClient(ws, replies, queued, everything, closed));
    }

    /** Sends a well-formed submission of {@code files}. */
    void submit(String id, String image, SubmissionFiles files) {
        submit(id, image, 10, files);
    }

    void submit(String id, String image, int maxSeconds, SubmissionFiles files) {
        send(Protocol.submission(id, image, maxSeconds, false, TarPacker.tgz(files)));
    }

    /** Sends a submission from {@code participant} and waits for the reply to it. */
    JsonNode runAs(String participant, String id, String image, SubmissionFiles files) {
        send(Protocol.submission(id, image, 10, false, false, participant, TarPacker.tgz(files)));
        return nextReply();
    }

    /** Sends a submission that asks for its output to stream ({@code "stream": true}). */
    void submitStreaming(String id, String image, int maxSeconds, SubmissionFiles files) {
        send(Protocol.submission(id, image, maxSeconds, false, true, TarPacker.tgz(files)));
    }

    /** Sends one binary message as one frame, waiting until it has been handed to the socket. */
    void send(ByteBuffer message) {
        await(socket.sendBinary(message, true), "send a binary message");
    }

    void send(byte[] message) {
        send(ByteBuffer.wrap(message));
    }

    void sendText(String text) {
        await(socket.sendText(text, true), "send a text message");
    }

    /** Sends one part of a fragmented binary message. */
    CompletableFuture<WebSocket> sendFragment(byte[] part, boolean last) {
        return socket.sendBinary(ByteBuffer.wrap(part), last);
    }

    /** The next reply ({@code result} or {@code error}; {@code queued} notices are kept apart). */
    JsonNode nextReply() {
        return nextReply(REPLY_TIMEOUT);
    }

    JsonNode nextReply(Duration timeout) {
        try {
            JsonNode reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new AssertionError("no reply within " + timeout + (closed.isDone() ? "; connection ended: "
                        + closed.getNow(null) : ""));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a reply", e);
        }
    }

    /** Sends and waits for the reply to it. */
    JsonNode run(String id, String image, SubmissionFiles files) {
        submit(id, image, files);
        return nextReply();
    }

    /** Replies that arrived and have not been taken yet, without waiting. */
    List<JsonNode> pendingReplies() {
        List<JsonNode> rest = new ArrayList<>();
        replies.drainTo(rest);
        return rest;
    }

    /** Every text message so far, {@code output} messages included, in the order they arrived. */
    List<JsonNode> everything() {
        return List.copyOf(everything);
    }

    List<JsonNode> queuedNotices() {
        return List.copyOf(queuedNotices);
    }

    /** How the connection ended, waiting up to {@code timeout} for it to end. */
    Closed awaitClosed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the connection was still open after " + timeout);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    boolean isClosed() {
        return closed.isDone() || socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                closed.get(3, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the server may already be gone; abort below
            }
        }
        socket.abort();
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(what, cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": " + e, e);
        }
    }
}
