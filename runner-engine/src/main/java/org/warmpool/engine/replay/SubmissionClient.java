package org.warmpool.engine.replay;

import org.warmpool.engine.gateway.Protocol;
import org.warmpool.engine.gateway.Replies;

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
import java.util.function.Consumer;

/**
 * One WebSocket connection to Warmpool, with any number of submissions in flight on it, each
 * matched to its reply by id. Replays and {@code warmpool submit} use it, as a real client would.
 */
public final class SubmissionClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Map<String, Submitted> waiting = new ConcurrentHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile String closedBecause;
    private final java.util.concurrent.atomic.AtomicLong strayReplies = new java.util.concurrent.atomic.AtomicLong();

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
        CompletableFuture<WebSocket> opening = builder.buildAsync(url, client.listener);
        try {
            client.socket = opening.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            abandon(opening);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot open " + url + ": " + cause.getMessage()
                    + " (is Warmpool running? ./warmpool serve, or the console)", cause);
        } catch (InterruptedException e) {
            abandon(opening);
            throw e;
        }
        return client;
    }

    /**
     * A handshake given up on goes on in the HTTP client's threads: a connection it opens later has
     * no owner, so it is aborted as soon as it opens (cancelling the future does not stop it).
     */
    private static void abandon(CompletableFuture<WebSocket> opening) {
        opening.thenAccept(WebSocket::abort);
    }

    /** A submission on its way: its reply (a result or a refusal), and when things happened. */
    public static final class Submitted {
        private final String id;
        private final Consumer<Replies.Streamed> output;
        private final CompletableFuture<Replies.Reply> reply = new CompletableFuture<>();
        private final CompletableFuture<Replies.Queued> queuedNotice = new CompletableFuture<>();
        private volatile long sentNanos;
        private volatile long answeredNanos;
        private volatile boolean queued;

        Submitted(String id, Consumer<Replies.Streamed> output) {
            this.id = id;
            this.output = output;
        }

        public String id() {
            return id;
        }

        /** Completes with the reply, or exceptionally with an {@link IOException} when the connection ends first. */
        public CompletableFuture<Replies.Reply> reply() {
            return reply;
        }

        /** Completes when the engine says it must wait for a run slot (before its reply); never when it ran at once. */
        public CompletableFuture<Replies.Queued> queuedNotice() {
            return queuedNotice;
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
        return submit(id, image, maxSeconds, filesBack, tgz, null);
    }

    /**
     * As above; with an {@code output} receiver the submission asks for its output to stream, and
     * the receiver is given each {@code output} message as it arrives — in order, on the
     * connection's thread (keep it short), all before the reply completes.
     *
     * @param output {@code null} for output only in the result
     */
    public Submitted submit(String id, String image, int maxSeconds, boolean filesBack, byte[] tgz,
                            Consumer<Replies.Streamed> output) {
        Submitted s = new Submitted(id, output);
        if (closedBecause != null) {
            s.reply.completeExceptionally(new IOException(closedBecause));
            return s;
        }
        waiting.put(id, s);
        ByteBuffer message = Protocol.submission(id, image, maxSeconds, filesBack, output != null, tgz);
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

    /** Replies that matched no submission waiting for one: a second reply to a submission, for instance. */
    public long strayReplies() {
        return strayReplies.get();
    }

    /**
     * Asks Warmpool to cancel submission {@code id} of this connection: one waiting for a run slot
     * never runs, one running is stopped. Its reply then says {@code cancelled} — or, when it had
     * finished already, is its result as usual (Warmpool then also says there was nothing to cancel,
     * which is no submission's reply).
     */
    public CompletableFuture<?> cancel(String id) {
        String message = Protocol.cancel(id);
        synchronized (this) {
            lastSend = lastSend.handle((v, e) -> null).thenCompose(v -> socket.sendText(message, true));
            return lastSend;
        }
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
                Replies.Message read;
                try {
                    read = Replies.read(message);
                } catch (IOException e) {
                    read = null; // not a message about a submission: nothing to match it to
                }
                if (read instanceof Replies.Refusal r && "nothing_to_cancel".equals(r.code())) {
                    read = null; // about a cancel, not a submission's reply: no submission gets it
                }
                Submitted s = read == null ? null : read.id() != null ? waiting.get(read.id()) : onlyOneWaiting();
                if (s == null && read instanceof Replies.Reply) {
                    strayReplies.incrementAndGet(); // a second reply, or one for a submission never sent
                }
                if (s != null) {
                    if (read instanceof Replies.Queued q) {
                        s.queued = true;
                        s.queuedNotice.complete(q);
                    } else if (read instanceof Replies.Streamed streamed) {
                        if (s.output != null) {
                            try {
                                s.output.accept(streamed);
                            } catch (RuntimeException e) {
                                // a receiver that fails must not stop this connection's reading
                            }
                        }
                    } else if (read instanceof Replies.Reply reply) {
                        waiting.remove(s.id);
                        s.answeredNanos = now;
                        s.reply.complete(reply);
                    }
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

    /**
     * An error about a message whose header Warmpool could not read (too large) has no id: it is
     * about the only submission waiting, if there is just one.
     */
    private Submitted onlyOneWaiting() {
        var all = waiting.values().iterator();
        Submitted first = all.hasNext() ? all.next() : null;
        return all.hasNext() ? null : first;
    }

    private void fail(String why) {
        closedBecause = why;
        waiting.values().forEach(s -> s.reply.completeExceptionally(new IOException(why)));
        waiting.clear();
    }

    /** Drops the connection without a word, as a client that vanishes does. */
    public void abort() {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
