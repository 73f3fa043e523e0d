package org.warmpool.engine.gateway;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.Cancellation;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.run.OutputListener;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.throttle.Admission;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket door: binary submissions in, JSON replies out, on any path; a {@code cancel} text
 * message withdraws or stops one of the connection's own submissions, and closing the connection
 * withdraws or stops all it still has. A handshake that may not come in gets an HTTP status and a
 * line of text ({@link HandshakeRefusal}).
 */
final class WebSocketDoor extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(WebSocketDoor.class);

    private final Submissions submissions;
    private final Access access;
    private final int httpPort;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    /** Sends streamed output, coalesced, off the runs' threads (one for all connections: sending only queues). */
    private final ScheduledExecutorService outputFlusher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("warmpool-output"));

    WebSocketDoor(InetSocketAddress address, Submissions submissions, Access access, int httpPort, int maxMessageBytes) {
        // A limit is essential: the library's default is unlimited (one header can exhaust memory). SizeLimitedDraft
        // also answers an oversized message with an error and closes only once the client has finished sending it.
        super(address, Math.max(2, Runtime.getRuntime().availableProcessors()), List.of(new SizeLimitedDraft(maxMessageBytes)));
        this.submissions = submissions;
        this.access = access;
        this.httpPort = httpPort;
        setConnectionLostTimeout(30);
        setReuseAddr(true);
        setDaemon(true);
    }

    /** Starts listening and waits until the port is bound (or binding failed). */
    int listen() throws Exception {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the WebSocket server did not start within 10 s");
        }
        if (startFailure != null) {
            throw startFailure;
        }
        return getPort();
    }

    /**
     * Lets a handshake in, or answers it with a {@link HandshakeRefusal}: 403 for an Origin that may
     * not, 401 without the token, 503 at the connection limit (checked in that order).
     */
    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        HandshakeRefusal refusal = refusal(request);
        if (refusal != null) {
            log.debug("WebSocket handshake from {} refused: {}", conn.getRemoteSocketAddress(), refusal);
            conn.setAttachment(refusal);
            return refusal;
        }
        return builder;
    }

    private HandshakeRefusal refusal(ClientHandshake request) {
        String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
        if (!access.originAllowed(origin, httpPort)) {
            return HandshakeRefusal.forbiddenOrigin(origin);
        }
        String resource = request.getResourceDescriptor();
        String query = resource.contains("?") ? resource.substring(resource.indexOf('?') + 1) : null;
        String authorization = request.hasFieldValue("Authorization") ? request.getFieldValue("Authorization") : null;
        if (!access.authorised(authorization, query)) {
            return HandshakeRefusal.unauthorised(authorization != null || (query != null && query.contains("token=")));
        }
        Admission admission = submissions.engine().admission();
        if (admission.connectionsFull()) {
            submissions.engine().publishThrottle();
            return HandshakeRefusal.full(admission.limits().maxConnections());
        }
        return null;
    }

    /**
     * A refused handshake's connection never counts as open: its answer has been queued (in place of
     * the 101), and it is closed once that is written.
     */
    @Override
    protected boolean addConnection(WebSocket conn) {
        if (conn.getAttachment() instanceof HandshakeRefusal refusal && conn instanceof WebSocketImpl impl) {
            impl.flushAndClose(refusal.closeCode(), refusal.body(), false);
            return false;
        }
        return super.addConnection(conn);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        // A client that leaves right after the handshake can be closed (channel first, then onClose, all
        // under conn's monitor) before or while this runs; onClose then finds no attachment, and a slot
        // counted here would never be given back. Under the same monitor, such a connection is not counted.
        synchronized (conn) {
            if (conn instanceof WebSocketImpl impl && impl.getChannel() != null && !impl.getChannel().isOpen()) {
                return;
            }
            Admission.Client client = submissions.engine().admission().connect();
            if (client == null) {
                // another took the last place between this one's handshake and now
                conn.close(CloseFrame.TRY_AGAIN_LATER, "Too many connections (limit "
                        + submissions.engine().admission().limits().maxConnections() + "); try again shortly.");
            } else {
                conn.setAttachment(new WsConnection(client));
            }
        }
        submissions.engine().publishThrottle();
    }

    /** Closing withdraws the connection's waiting submissions and stops its running ones. */
    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn.getAttachment() instanceof WsConnection connection) {
            connection.close();
        }
        submissions.engine().publishThrottle();
    }

    /** The one text message a client sends: {@code {"type": "cancel", "id": …}}. */
    @Override
    public void onMessage(WebSocket conn, String message) {
        if (!(conn.getAttachment() instanceof WsConnection connection)) {
            return; // refused; already closing
        }
        try {
            String id = Protocol.parseText(message).id();
            WsConnection.Cancelled found = connection.cancel(id);
            if (found != WsConnection.Cancelled.CANCELLED) {
                // Not an error about any submission (their one reply each is theirs alone): id null, the id in the words.
                send(conn, Protocol.error(new GatewayException(ErrorCode.NOTHING_TO_CANCEL, null, found == WsConnection.Cancelled.NONE
                        ? "Nothing to cancel: this connection has no submission \"" + id + "\" waiting or running (it has had"
                                + " its reply, or was never sent on this connection). Nothing was changed."
                        : "Nothing to cancel: submission \"" + id + "\" has just finished; its reply is on its way.")));
            }
        } catch (GatewayException e) {
            send(conn, Protocol.error(e));
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        if (!(conn.getAttachment() instanceof WsConnection connection)) {
            return; // refused; already closing
        }
        Admission.Client client = connection.admission();
        String id = null;
        boolean admitted = false;
        try {
            Protocol.Submission submission = Protocol.parseSubmission(message);
            Protocol.Header header = submission.header();
            id = header.id();
            submissions.checkAcceptable(id, header.image());
            Admission.Decision decision = client.admit();
            if (!decision.admitted()) {
                throw new GatewayException(ErrorCode.THROTTLED, id, decision.message(), decision.retryAfterMillis());
            }
            admitted = true;
            SubmissionFiles files = submissions.unpack(id, submission.tgz());
            if (decision.position() > 0) {
                send(conn, Protocol.queued(id, decision.position()));
            }
            String replyId = id;
            byte[] tgz = submission.tgz();
            Journal.Recording recording = submissions.accepted("ws", id, header.participant(), header.image(), header.maxSeconds(),
                    header.filesBack(), () -> tgz);
            OutputRelay output = header.stream() ? new OutputRelay(id, outputTo(conn), outputFlusher) : null;
            Cancellation cancellation = new Cancellation();
            connection.add(id, cancellation);
            submissions.run(new RunRequest(id, header.image(), header.maxSeconds(), files, header.filesBack(),
                            output == null ? OutputListener.NONE : output, cancellation))
                    .whenComplete((result, failure) -> {
                        connection.answered(replyId, cancellation);
                        client.done();
                        if (output != null) {
                            output.finish(result); // the last of the output, then none after the reply
                        }
                        GatewayException refusal = failure == null ? null : Submissions.refusal(replyId, failure);
                        String reply = refusal == null ? Protocol.result(result) : Protocol.error(refusal);
                        submissions.replied(recording, result, refusal, reply).whenComplete((written, ignored) -> send(conn, reply));
                        submissions.engine().publishThrottle();
                    });
        } catch (GatewayException e) {
            if (admitted) {
                client.done();
            }
            send(conn, Protocol.error(e));
        } catch (RuntimeException e) {
            log.warn("submission {} failed at the door", id, e);
            if (admitted) {
                client.done();
            }
            send(conn, Protocol.error(new GatewayException(ErrorCode.INTERNAL, id, "Warmpool could not take this submission: " + e)));
        }
        submissions.engine().publishThrottle();
    }

    /** A connection as streamed output sees it: where to send, and how far behind its reading is. */
    private static OutputRelay.Client outputTo(WebSocket conn) {
        return new OutputRelay.Client() {
            @Override
            public void send(String json) {
                WebSocketDoor.send(conn, json);
            }

            @Override
            public long backlogBytes() {
                long queued = 0;
                if (conn instanceof WebSocketImpl impl) {
                    for (ByteBuffer frame : impl.outQueue) {
                        queued += frame.remaining();
                    }
                }
                return queued;
            }
        };
    }

    @Override
    public void stop(int timeout, String closeMessage) throws InterruptedException {
        try {
            super.stop(timeout, closeMessage);
        } finally {
            outputFlusher.shutdownNow();
        }
    }

    private static void send(WebSocket conn, String json) {
        try {
            conn.send(json);
        } catch (WebsocketNotConnectedException gone) {
            log.debug("client left before its reply");
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        } else {
            log.debug("WebSocket error from {}: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
