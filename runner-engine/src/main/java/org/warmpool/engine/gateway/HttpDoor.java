package org.warmpool.engine.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.throttle.Admission;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP door, compatible with the cyber-dojo runner's API: {@code run_cyber_dojo_sh},
 * {@code alive}, {@code ready}, {@code sha}. Replies are keyed by the method's name; a bad request
 * answers {@code {"exception": {...}}}.
 */
final class HttpDoor {
    private static final Logger log = LoggerFactory.getLogger(HttpDoor.class);
    private static final int MAX_BODY_SLACK = 1024 * 1024;

    private final Submissions submissions;
    private final Access access;
    private final String sha;
    private final HttpServer server;
    private final ExecutorService threads;
    private final WebPages pages;

    HttpDoor(InetSocketAddress address, Submissions submissions, Access access, String sha, Room room) throws IOException {
        this.submissions = submissions;
        this.access = access;
        this.sha = sha;
        this.pages = new WebPages(submissions.engine(), room);
        this.server = HttpServer.create(address, 64);
        this.threads = Executors.newCachedThreadPool(DaemonThreads.named("warmpool-http"));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    int listen() {
        server.start();
        return server.getAddress().getPort();
    }

    /** Where the browser client's page finds the WebSocket. */
    void webSocketPort(int port) {
        pages.webSocketPort(port);
    }

    void close() {
        server.stop(1);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            // The page and its script hold no data and run nothing: a participant may load them before
            // giving the token (the page asks for it); everything else needs it.
            if (pages.isStatic(path) && pages.handle(exchange, path)) {
                return;
            }
            if (!access.authorised(exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestURI().getRawQuery())) {
                reply(exchange, 401, exception(path, "", "a valid token is required: send \"Authorization: Bearer <token>\""));
                return;
            }
            if (pages.handle(exchange, path)) {
                return;
            }
            switch (path) {
                case "/alive", "/alive?" -> reply(exchange, 200, object("alive?", true));
                case "/ready", "/ready?" -> reply(exchange, 200, object("ready?", submissions.engine().ready()));
                case "/sha", "/sha?" -> reply(exchange, 200, Protocol.JSON.createObjectNode().put("sha", sha));
                case "/metrics" -> metrics(exchange);
                case "/run_cyber_dojo_sh" -> runCyberDojoSh(exchange, path);
                default -> reply(exchange, 404, exception(path, "", "unknown path " + path
                        + "; try /run_cyber_dojo_sh, /alive, /ready, /sha or /metrics"));
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} failed", path, e);
            reply(exchange, 500, exception(path, "", "Warmpool failed: " + e));
        }
    }

    private void runCyberDojoSh(HttpExchange exchange, String path) throws IOException {
        long limit = submissions.limits().maxUncompressedBytes() * 2L + MAX_BODY_SLACK;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (body.length > limit) {
            reply(exchange, 413, exception(path, "", "the request body is over " + limit + " bytes"));
            return;
        }
        JsonNode json;
        try {
            json = Protocol.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            reply(exchange, 400, exception(path, text, "body is not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        String problem = checkRunBody(json);
        if (problem != null) {
            reply(exchange, 400, exception(path, text, problem));
            return;
        }
        String id = json.get("id").asText();
        String image = json.get("manifest").get("image_name").asText();
        JsonNode secondsNode = json.get("manifest").get("max_seconds");
        int maxSeconds = secondsNode == null || secondsNode.isNull() ? RunRequest.DEFAULT_MAX_SECONDS : secondsNode.asInt();
        Map<String, String> files = new LinkedHashMap<>();
        json.get("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText()));
        SubmissionFiles submission;
        try {
            submission = SubmissionFiles.fromTextMap(files, submissions.limits());
        } catch (ArchiveException e) {
            reply(exchange, e.reason() == ArchiveException.Reason.TOO_LARGE ? 413 : 400, exception(path, text, e.getMessage()));
            return;
        }
        try {
            submissions.checkAcceptable(id, image);
        } catch (GatewayException e) {
            if (e.code() == ErrorCode.UNKNOWN_IMAGE) {
                reply(exchange, 200, pulling(image));
            } else {
                reply(exchange, 503, exception(path, text, e.getMessage()));
            }
            return;
        }
        Admission admission = submissions.engine().admission();
        Admission.Decision decision = admission.admitAnonymous();
        if (!decision.admitted()) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(Math.max(1, decision.retryAfterMillis() / 1000)));
            reply(exchange, 503, exception(path, text, decision.message()));
            return;
        }
        submissions.engine().publishThrottle();
        SubmissionFiles accepted = submission;
        // cyber-dojo's id names a kata, and a kata is one participant's
        Journal.Recording recording = submissions.accepted("http", id, Protocol.participantOf(id), image, maxSeconds, true,
                () -> TarPacker.tgz(accepted));
        try {
            RunResult result = submissions.run(new RunRequest(id, image, maxSeconds, submission, true)).join();
            submissions.replied(recording, result, null, Protocol.result(result)).join();
            reply(exchange, 200, runReply(result));
        } catch (CompletionException e) {
            GatewayException refusal = Submissions.refusal(id, e);
            submissions.replied(recording, null, refusal, Protocol.error(refusal)).join();
            if (refusal.code() == ErrorCode.UNKNOWN_IMAGE) {
                reply(exchange, 200, pulling(image));
            } else {
                if (refusal.retryAfterMillis() > 0) {
                    exchange.getResponseHeaders().add("Retry-After", Long.toString(Math.max(1, refusal.retryAfterMillis() / 1000)));
                }
                reply(exchange, refusal.code() == ErrorCode.INTERNAL ? 500 : 503, exception(path, text, refusal.getMessage()));
            }
        } finally {
            admission.done();
            submissions.engine().publishThrottle();
        }
    }

    /** Prometheus's scrape: the engine's figures as text (behind the token, like everything but the static page). */
    private void metrics(HttpExchange exchange) throws IOException {
        byte[] bytes = submissions.engine().metrics().scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", org.warmpool.engine.metrics.EngineMetrics.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String checkRunBody(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "body must be a JSON object with id, files and manifest";
        }
        if (json.get("id") == null || !json.get("id").isTextual()) {
            return "id must be a string";
        }
        if (json.get("files") == null || !json.get("files").isObject()) {
            return "files must be an object of filename: content";
        }
        for (var it = json.get("files").elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                return "each file's content must be a string";
            }
        }
        JsonNode manifest = json.get("manifest");
        if (manifest == null || !manifest.isObject() || manifest.get("image_name") == null || !manifest.get("image_name").isTextual()) {
            return "manifest.image_name must be a string";
        }
        JsonNode seconds = manifest.get("max_seconds");
        if (seconds != null && !seconds.isNull()
                && (!seconds.isIntegralNumber() || !seconds.canConvertToInt() // asInt() cuts 2^32 + 5 down to 5
                || seconds.asInt() < 1 || seconds.asInt() > RunRequest.MAX_MAX_SECONDS)) {
            return "manifest.max_seconds must be a whole number from 1 to " + RunRequest.MAX_MAX_SECONDS;
        }
        return null;
    }

    private static ObjectNode runReply(RunResult result) {
        ObjectNode inner = Protocol.JSON.createObjectNode();
        inner.set("stdout", Protocol.output(result.stdout()));
        inner.set("stderr", Protocol.output(result.stderr()));
        inner.put("status", result.status());
        inner.put("outcome", result.outcome().wireName());
        inner.set("created", Protocol.files(result.created()));
        inner.set("changed", Protocol.files(result.changed()));
        inner.put("log", result.log().content());
        ObjectNode reply = Protocol.JSON.createObjectNode();
        reply.set("run_cyber_dojo_sh", inner);
        return reply;
    }

    /** The cyber-dojo runner answers "pulling" while it pulls an image; offline there is nothing to pull. */
    private static ObjectNode pulling(String image) {
        ObjectNode inner = Protocol.JSON.createObjectNode();
        inner.set("stdout", Protocol.output(org.warmpool.engine.api.Output.EMPTY));
        inner.set("stderr", Protocol.output(org.warmpool.engine.api.Output.EMPTY));
        inner.put("status", "");
        inner.put("outcome", "pulling");
        inner.set("created", Protocol.JSON.createObjectNode());
        inner.set("changed", Protocol.JSON.createObjectNode());
        inner.put("log", "Warmpool has no pool for " + image + " and never pulls images. Load it on the Warmpool machine"
                + " (docker load -i <file>.tar), then add a pool for it.");
        ObjectNode reply = Protocol.JSON.createObjectNode();
        reply.set("run_cyber_dojo_sh", inner);
        return reply;
    }

    private static ObjectNode object(String key, boolean value) {
        return Protocol.JSON.createObjectNode().put(key, value);
    }

    private static ObjectNode exception(String path, String body, String message) {
        ObjectNode inner = Protocol.JSON.createObjectNode()
                .put("path", path)
                .put("body", body.length() > 1000 ? body.substring(0, 1000) + "…" : body)
                .put("class", "Runner") // exactly as cyber-dojo's runner answers; its clients check it
                .put("message", message);
        inner.putArray("backtrace");
        ObjectNode reply = Protocol.JSON.createObjectNode();
        reply.set("exception", inner);
        return reply;
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
