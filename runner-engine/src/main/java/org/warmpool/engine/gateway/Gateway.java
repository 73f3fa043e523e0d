package org.warmpool.engine.gateway;

import org.warmpool.engine.api.BuildInfo;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.Saver;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Both doors to one engine: WebSocket submissions and the cyber-dojo compatible HTTP API.
 * It does not own the engine, the journal or the saver it is given.
 */
public final class Gateway implements AutoCloseable {
    private final Engine engine;
    private final Submissions submissions;
    private final HttpDoor http;
    private final WebSocketDoor ws;
    private final int httpPort;
    private final int wsPort;

    private Gateway(Engine engine, Submissions submissions, HttpDoor http, WebSocketDoor ws, int httpPort, int wsPort) {
        this.engine = engine;
        this.submissions = submissions;
        this.http = http;
        this.ws = ws;
        this.httpPort = httpPort;
        this.wsPort = wsPort;
    }

    /**
     * Opens both doors.
     *
     * @throws IllegalArgumentException when the configuration would expose the engine without a token
     * @throws IOException              when a port cannot be bound (in use, or not permitted)
     */
    public static Gateway open(Engine engine, GatewayConfig config) throws IOException {
        return open(engine, config, null, null);
    }

    /**
     * Opens both doors, recording every accepted submission in {@code journal} and forwarding
     * every result to {@code saver} (either may be {@code null}). The caller closes them after
     * the gateway, so replies drained at shutdown are recorded too.
     */
    public static Gateway open(Engine engine, GatewayConfig config, Journal journal, Saver saver) throws IOException {
        return open(engine, config, journal, saver, null);
    }

    /**
     * As above, serving {@code room} at {@code GET /api/room} and its projector page at {@code /room}
     * ({@code null}: those answer that there is no room here).
     */
    public static Gateway open(Engine engine, GatewayConfig config, Journal journal, Saver saver, Room room) throws IOException {
        config.checkExposure();
        Submissions submissions = new Submissions(engine, config.limits(), journal, saver);
        Access access = new Access(config.token(), config.allowedOrigins(), config.bind());
        HttpDoor http;
        try {
            http = new HttpDoor(new InetSocketAddress(config.bind(), config.httpPort()), submissions, access, buildSha(), room);
        } catch (java.net.BindException e) {
            throw new IOException("HTTP port " + config.httpPort() + " on " + config.bind().getHostAddress()
                    + " is in use (is another Warmpool running?); choose another with --http-port", e);
        }
        int httpPort = http.listen();
        WebSocketDoor ws = new WebSocketDoor(new InetSocketAddress(config.bind(), config.wsPort()), submissions, access,
                httpPort, config.maxMessageBytes());
        int wsPort;
        try {
            wsPort = ws.listen();
        } catch (Exception e) {
            http.close();
            throw new IOException("WebSocket port " + config.wsPort() + " on " + config.bind().getHostAddress()
                    + " could not be opened (" + e.getMessage() + "); choose another with --ws-port", e);
        }
        http.webSocketPort(wsPort);
        return new Gateway(engine, submissions, http, ws, httpPort, wsPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public int wsPort() {
        return wsPort;
    }

    /** The commit this build was made from (40 hex digits), as {@code GET /sha} answers. */
    public static String buildSha() {
        return BuildInfo.current().commit();
    }

    /**
     * Refuses new submissions from now on (they are answered {@code shutting_down}); what was
     * admitted goes on, and its replies still reach their clients until {@link #close}.
     */
    public void stopTakingWork() {
        submissions.shutDown();
    }

    /**
     * Closes both doors and their connections. The engine is not the gateway's: whoever owns both
     * stops the gateway taking work, drains the engine, then closes the gateway.
     */
    @Override
    public void close() {
        submissions.shutDown();
        http.close();
        try {
            ws.stop(2000, "Warmpool is shutting down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
