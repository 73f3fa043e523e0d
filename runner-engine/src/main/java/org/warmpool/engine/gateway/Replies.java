package org.warmpool.engine.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.Timings;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reading side of {@link Protocol}'s text messages, for clients ({@code warmpool submit},
 * replays): what Warmpool says about a submission, typed. {@link Protocol#result} writes what
 * {@link #read} reads.
 */
public final class Replies {

    private Replies() {
    }

    /** A text message about one submission. */
    public sealed interface Message permits Queued, Streamed, Reply, NothingToCancel {
        /** The submission's id; {@code null} for an error about a message whose header could not be read. */
        String id();
    }

    /** It waits for a run slot: {@code position} submissions are ahead of it. Not a reply; the reply follows. */
    public record Queued(String id, int position) implements Message {
    }

    /**
     * A stretch of its output while it runs (it asked with {@code "stream": true}). Not a reply; the
     * reply follows, and none of these after it.
     *
     * @param json the message as Warmpool sent it
     */
    public record Streamed(String id, StdStream stream, String data, String json) implements Message {
    }

    /**
     * The answer to a {@code cancel} message that found nothing to cancel: no submission of this
     * connection by that id was waiting or running (it had its reply, or never came). Not a reply to
     * any submission: {@link #id()} is {@code null}; the message names the id.
     */
    public record NothingToCancel(String message, String json) implements Message {
        @Override
        public String id() {
            return null;
        }
    }

    /** The one reply a submission gets: a {@link Result} or a {@link Refusal}, with the text it came as. */
    public sealed interface Reply extends Message permits Result, Refusal {
        /** The message as Warmpool sent it. */
        String json();
    }

    /** It ran. The result's {@code containerId} is {@code null}: the wire does not carry it. */
    public record Result(RunResult result, String json) implements Reply {
        @Override
        public String id() {
            return result.id();
        }
    }

    /**
     * It did not run: an {@code error} reply.
     *
     * @param code             {@code throttled}, {@code unknown_image}, … (docs/protocol.md)
     * @param retryAfterMillis when retrying helps, after how long; 0 otherwise
     */
    public record Refusal(String id, String code, String message, long retryAfterMillis, String json) implements Reply {
        /** The refusal the engine would have thrown for it, the message kept. */
        public RunRejectedException asException() {
            RunRejectedException.Reason reason = switch (code) {
                case "unknown_image" -> RunRejectedException.Reason.UNKNOWN_IMAGE;
                case "docker_unavailable" -> RunRejectedException.Reason.DOCKER_UNAVAILABLE;
                case "shutting_down" -> RunRejectedException.Reason.SHUTTING_DOWN;
                case "throttled" -> RunRejectedException.Reason.THROTTLED;
                case "cancelled" -> RunRejectedException.Reason.CANCELLED;
                default -> RunRejectedException.Reason.INTERNAL;
            };
            return new RunRejectedException(reason, retryAfterMillis > 0
                    ? message + " (retry after " + retryAfterMillis + " ms)" : message);
        }
    }

    /**
     * Reads one text message from Warmpool.
     *
     * @throws IOException when it is not JSON, or not a {@code result}, {@code queued}, {@code output} or {@code error} message
     */
    public static Message read(String text) throws IOException {
        JsonNode json;
        try {
            json = Protocol.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException("not a JSON message: " + abbreviated(text), e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException("not a JSON object: " + abbreviated(text));
        }
        String type = json.path("type").asText();
        return switch (type) {
            case "result" -> new Result(result(json, text), text);
            case "queued" -> new Queued(text(json, "id"), json.path("position").asInt());
            case "output" -> new Streamed(text(json, "id"), stream(json, text), json.path("data").asText(""), text);
            case "error" -> "nothing_to_cancel".equals(json.path("code").asText())
                    ? new NothingToCancel(json.path("message").asText(""), text)
                    : new Refusal(text(json, "id"), json.path("code").asText("internal"),
                    json.path("message").asText(""), json.path("retry_after_ms").asLong(0), text);
            default -> throw new IOException("a message of unknown type \"" + type + "\": " + abbreviated(text));
        };
    }

    /** A {@code result} message (or the saver's body, which is the same) as the result it describes. */
    static RunResult result(JsonNode reply, String text) throws IOException {
        Outcome outcome;
        try {
            outcome = Outcome.fromWireName(reply.path("outcome").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("a result with an unknown outcome \"" + reply.path("outcome").asText() + "\": "
                    + abbreviated(text), e);
        }
        JsonNode t = reply.path("timings");
        return new RunResult(reply.path("id").asText(), reply.path("image").asText(), outcome, reply.path("status").asText(),
                output(reply.path("stdout")), output(reply.path("stderr")), files(reply.path("created")),
                files(reply.path("changed")), output(reply.path("log")),
                new Timings(t.path("queued_ms").asLong(), t.path("claim_ms").asLong(), t.path("exec_ms").asLong(),
                        t.path("colour_ms").asLong(), t.path("total_ms").asLong()),
                reply.path("warm").asBoolean(), null);
    }

    private static StdStream stream(JsonNode json, String text) throws IOException {
        try {
            return StdStream.fromWireName(json.path("stream").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("output of an unknown stream \"" + json.path("stream").asText() + "\": " + abbreviated(text), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Output output(JsonNode node) {
        return new Output(node.path("content").asText(""), node.path("truncated").asBoolean(false));
    }

    private static Map<String, Output> files(JsonNode node) {
        Map<String, Output> files = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> files.put(f.getKey(), output(f.getValue())));
        return files;
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
