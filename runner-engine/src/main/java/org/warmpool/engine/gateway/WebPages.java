package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.warmpool.engine.config.Assets;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Room;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The browser client: a page at {@code /} (with its script and style, served from the jar,
 * never from a path a client names) and the two small JSON resources it reads —
 * {@code /api/pools} (the images served, how each is sized and the advice, and where the WebSocket is) and
 * {@code /api/start-point?image=…} (the files a participant starts from); and the room: the
 * projector page at {@code /room}, which reads {@code /api/room} (also as {@code /api/room.csv}).
 */
final class WebPages {
    private static final String ROOT = "/org/warmpool/engine/web/";
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[]{"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[]{"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[]{"app.js", "text/javascript; charset=utf-8"},
            "/app.css", new String[]{"app.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[]{"favicon.svg", "image/svg+xml"},
            "/room", new String[]{"room.html", "text/html; charset=utf-8"},
            "/room.js", new String[]{"room.js", "text/javascript; charset=utf-8"},
            "/room.css", new String[]{"room.css", "text/css; charset=utf-8"});

    private final Engine engine;
    private final Room room;
    private volatile int wsPort;

    /** @param room what {@code /api/room} shows; {@code null} when there is none */
    WebPages(Engine engine, Room room) {
        this.engine = engine;
        this.room = room;
    }

    void webSocketPort(int port) {
        this.wsPort = port;
    }

    /** The page itself and its script, style and icon. */
    boolean isStatic(String path) {
        return STATIC.containsKey(path);
    }

    /** Answers the request when it is for the browser client; false when it is not. */
    boolean handle(HttpExchange exchange, String path) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            return false;
        }
        String[] file = STATIC.get(path);
        if (file != null) {
            serve(exchange, file[0], file[1]);
            return true;
        }
        if (path.equals("/api/pools")) {
            json(exchange, 200, pools());
            return true;
        }
        if (path.equals("/api/engines")) {
            json(exchange, 200, engines());
            return true;
        }
        if (path.equals("/api/start-point")) {
            startPoint(exchange);
            return true;
        }
        if (path.equals("/api/room") || path.equals("/api/room.csv")) {
            room(exchange, path.endsWith(".csv"));
            return true;
        }
        return false;
    }

    private void room(HttpExchange exchange, boolean csv) throws IOException {
        if (room == null) {
            json(exchange, 404, Protocol.JSON.createObjectNode().put("message", "This Warmpool has no room (it keeps no journal)."));
            return;
        }
        if (csv) {
            exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"room.csv\"");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            headers(exchange);
            send(exchange, 200, room.csv().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Duration stuck = null;
        String minutes = query(exchange, "stuck_minutes");
        if (minutes != null) {
            try {
                stuck = Duration.ofMinutes(Math.max(0, Long.parseLong(minutes)));
            } catch (NumberFormatException e) {
                json(exchange, 400, Protocol.JSON.createObjectNode().put("message", "stuck_minutes must be a whole number of minutes."));
                return;
            }
        }
        json(exchange, 200, RoomJson.of(room.snapshot(), Instant.now(), stuck));
    }

    private ObjectNode pools() {
        ObjectNode node = Protocol.JSON.createObjectNode();
        node.put("protocol", Protocol.VERSION);
        node.put("ws_port", wsPort);
        node.put("max_seconds", org.warmpool.engine.run.RunRequest.DEFAULT_MAX_SECONDS);
        ArrayNode images = node.putArray("pools");
        for (PoolSnapshot pool : engine.snapshot().pools()) {
            PoolJson.write(pool, images.addObject());
        }
        return node;
    }

    /** Each Docker engine, and each pool's part on each. */
    private ObjectNode engines() {
        EngineSnapshot snapshot = engine.snapshot();
        ObjectNode node = Protocol.JSON.createObjectNode();
        node.put("protocol", Protocol.VERSION);
        ArrayNode engines = node.putArray("engines");
        for (EngineStatus e : snapshot.engines()) {
            ObjectNode one = engines.addObject().put("name", e.name()).put("uri", e.uri()).put("state", e.up() ? "up" : "down")
                    .put("last_error", e.lastError()).put("version", e.version()).put("cores", e.cores())
                    .put("memory_bytes", e.memoryBytes());
            ObjectNode containers = one.putObject("containers");
            e.containers().forEach((phase, n) -> {
                if (phase != org.warmpool.engine.api.ContainerPhase.GONE) {
                    containers.put(phase.name().toLowerCase(java.util.Locale.ROOT), n);
                }
            });
            one.put("runs_per_second", Math.round(e.runsPerSecond() * 10) / 10.0).put("runs", e.runs());
            e.images().forEach(one.putArray("images")::add);
            e.missing().forEach(one.putArray("missing")::add);
        }
        ArrayNode pools = node.putArray("pools");
        for (PoolSnapshot pool : snapshot.pools()) {
            ObjectNode p = pools.addObject().put("image", pool.image()).put("target", pool.target()).put("ready", pool.ready());
            ArrayNode parts = p.putArray("engines");
            for (PoolShare share : pool.engines()) {
                parts.addObject().put("engine", share.engine()).put("target", share.target()).put("ready", share.ready())
                        .put("starting", share.starting()).put("running", share.running())
                        .put("state", share.state().wireName()).put("problem", share.problem());
            }
        }
        return node;
    }

    private void startPoint(HttpExchange exchange) throws IOException {
        String image = query(exchange, "image");
        if (image == null || !engine.hasPool(image)) {
            json(exchange, 404, Protocol.JSON.createObjectNode().put("message", "Warmpool has no pool for image " + image + "."));
            return;
        }
        ObjectNode node = Protocol.JSON.createObjectNode().put("image", image);
        ObjectNode files = node.putObject("files");
        try {
            Path dir = Assets.startPoint(image);
            SubmissionFiles start = SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults());
            for (String name : start.paths()) {
                files.put(name, StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(start.get(name))).toString());
            }
        } catch (IllegalArgumentException | ArchiveException | CharacterCodingException e) {
            // an image of the operator's own: start from a script that says what to do
            node.put("note", "No start point for " + image + " on this machine: write cyber-dojo.sh and the files it tests.");
            files.removeAll();
            files.put("cyber-dojo.sh", "# runs in /sandbox; its exit status and output decide the traffic light\necho hello\n");
        }
        json(exchange, 200, node);
    }

    private static String query(HttpExchange exchange, String key) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void serve(HttpExchange exchange, String file, String type) throws IOException {
        byte[] bytes;
        try (InputStream in = WebPages.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IOException("the browser client's " + file + " is missing from the build");
            }
            bytes = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        headers(exchange);
        send(exchange, 200, bytes);
    }

    private void json(HttpExchange exchange, int status, ObjectNode node) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        headers(exchange);
        send(exchange, status, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Only this server's own script and style, and only its own WebSocket; never framed by another site. */
    private void headers(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String hostname = host == null ? "127.0.0.1" : host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; connect-src 'self' ws://" + hostname + ":" + wsPort + "; frame-ancestors 'none';"
                + " base-uri 'none'; form-action 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
