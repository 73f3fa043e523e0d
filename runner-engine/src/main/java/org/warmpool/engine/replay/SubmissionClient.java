package org.warmpool.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.gateway.Protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket connection to Warmpool, with any number of submissions in flight on it, each
 * matched to its reply by id. Used by replays (CLI and console) as a real client would.
 */
public final class SubmissionClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Map<String, Submitted> waiting = new ConcurrentHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile String closedBecause;

    private SubmissionClient() {
    }

    /**
     * @throws IOException naming the URL when Warmpool cannot be reached or refuses the connection
     */
    public static SubmissionClient connect(URI url, String token) throws IOException, InterruptedException {
        SubmissionClient client = new SubmissionClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            client.socket = builder.buildAsync(url, client.listener).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot open " + url + ": " + cause.getMessage()
                    + " (is Warmpool running? ./warmpool serve, or the console)", cause);
        }
        return client;
    }

    /** A submission on its way: its reply ({@code result} or {@code error} JSON), and when things happened. */
    public static final class Submitted {
        private final String id;
        private final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        private volatile long sentNanos;
        private volatile long answeredNanos;
        private volatile boolean queued;

        Submitted(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Completes with the reply, or exceptionally with an {@link IOException} when the connection ends first. */
        public CompletableFuture<JsonNode> reply() {
            return reply;
        }

        /** {@link System#nanoTime()} when it was handed to the socket; 0 before. */
        public long sentNanos() {
            return sentNanos;
        }

        /** {@link System#nanoTime()} when its reply arrived; 0 before. */
        public long answeredNanos() {
            return answeredNanos;
        }

        /** The engine said it had to wait for a turn. */
        public boolean queued() {
            return queued;
        }
    }

    /** Sends one submission without waiting; sends on this connection go out one after another. */
    public Submitted submit(String id, String image, int maxSeconds, boolean filesBack, byte[] tgz) {
        Submitted s = new Submitted(id);
        if (closedBecause != null) {
            s.reply.completeExceptionally(new IOException(closedBecause));
            return s;
        }
        waiting.put(id, s);
        ByteBuffer message = Protocol.submission(id, image, maxSeconds, filesBack, tgz);
        synchronized (this) {
            lastSend = lastSend.handle((v, e) -> null).thenCompose(v -> {
                s.sentNanos = System.nanoTime();
                return socket.sendBinary(message, true);
            }).whenComplete((ws, failure) -> {
                if (failure != null) {
                    waiting.remove(id);
                    s.reply.completeExceptionally(new IOException("could not send: " + failure.getMessage(), failure));
                }
            });
        }
        return s;
    }

    /** Still connected. */
    public boolean isOpen() {
        return closedBecause == null && !socket.isInputClosed();
    }

    private final WebSocket.Listener listener = new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                long now = System.nanoTime();
                try {
                    JsonNode json = JSON.readTree(message);
                    Submitted s = waiting.get(json.path("id").asText());
                    if (s != null) {
                        if ("queued".equals(json.path("type").asText())) {
                            s.queued = true;
                        } else {
                            waiting.remove(s.id);
                            s.answeredNanos = now;
                            s.reply.complete(json);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: nothing to match it to
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            fail("Warmpool closed the connection (" + status + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            fail("the connection failed: " + error.getMessage());
        }
    };

    private void fail(String why) {
        closedBecause = why;
        waiting.values().forEach(s -> s.reply.completeExceptionally(new IOException(why)));
        waiting.clear();
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
