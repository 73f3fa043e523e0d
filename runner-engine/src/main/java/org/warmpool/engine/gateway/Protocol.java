package org.warmpool.engine.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The WebSocket protocol's messages (docs/protocol.md): a submission is one binary message of a
 * 4-byte big-endian header length, the UTF-8 JSON header, then the gzip'd tar; replies are JSON
 * text messages of type {@code result}, {@code queued} or {@code error}, and {@code output} while a
 * run that asked for it streams. The one text message a client sends is a {@code cancel}.
 */
public final class Protocol {
    public static final int VERSION = 1;
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final int MAX_ID_CHARS = 64;
    /** A participant's name: as long as an id may be. */
    public static final int MAX_PARTICIPANT_CHARS = 64;
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    static final ObjectMapper JSON = new ObjectMapper();

    private Protocol() {
    }

    /**
     * A submission's header, checked.
     *
     * @param stream      send the run's output in {@code output} messages while it runs
     * @param participant who sent it, for the room; {@code null} when the header names nobody
     */
    public record Header(String id, String image, int maxSeconds, boolean filesBack, boolean stream, String participant) {
    }

    /** A binary message split into its checked header and the archive bytes (not yet validated). */
    public record Submission(Header header, byte[] tgz) {
    }

    public static Submission parseSubmission(ByteBuffer message) throws GatewayException {
        if (message.remaining() < 4) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "A submission starts with a 4-byte big-endian header length; "
                    + "this message has only " + message.remaining() + " byte(s).");
        }
        int length = message.getInt();
        if (length <= 0 || length > MAX_HEADER_BYTES) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header length is " + Integer.toUnsignedString(length)
                    + " bytes; it must be between 1 and " + MAX_HEADER_BYTES + ".");
        }
        if (length > message.remaining()) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header length says " + length
                    + " bytes but only " + message.remaining() + " follow: the message is truncated.");
        }
        byte[] headerBytes = new byte[length];
        message.get(headerBytes);
        byte[] tgz = new byte[message.remaining()];
        message.get(tgz);
        return new Submission(parseHeader(headerBytes), tgz);
    }

    static Header parseHeader(byte[] bytes) throws GatewayException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header is not valid UTF-8.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header is not valid JSON: "
                    + e.getOriginalMessage() + ".");
        }
        if (root == null || !root.isObject()) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header must be a JSON object like "
                    + "{\"id\": \"1\", \"image\": \"warmpool/busybox\"}.");
        }
        JsonNode idNode = root.get("id");
        if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "The header needs \"id\": a non-empty string.");
        }
        String id = idNode.asText();
        if (id.length() > MAX_ID_CHARS || id.chars().anyMatch(Character::isISOControl)) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "\"id\" must be at most " + MAX_ID_CHARS
                    + " characters with no control characters.");
        }
        JsonNode imageNode = root.get("image");
        if (imageNode == null || !imageNode.isTextual() || !IMAGE_NAME.matcher(imageNode.asText()).matches()) {
            throw new GatewayException(ErrorCode.BAD_HEADER, id, "The header needs \"image\": a Docker image name such as "
                    + "\"warmpool/python-pytest\".");
        }
        int maxSeconds = RunRequest.DEFAULT_MAX_SECONDS;
        JsonNode secondsNode = root.get("max_seconds");
        if (secondsNode != null && !secondsNode.isNull()) {
            // canConvertToInt: asInt()/asLong() silently cut 2^64 + 5 down to 5.
            if (!secondsNode.isIntegralNumber() || !secondsNode.canConvertToInt()
                    || secondsNode.asInt() < 1 || secondsNode.asInt() > RunRequest.MAX_MAX_SECONDS) {
                throw new GatewayException(ErrorCode.BAD_HEADER, id, "\"max_seconds\" must be a whole number from 1 to "
                        + RunRequest.MAX_MAX_SECONDS + " (default " + RunRequest.DEFAULT_MAX_SECONDS + ").");
            }
            maxSeconds = secondsNode.asInt();
        }
        boolean filesBack = false;
        JsonNode filesNode = root.get("files_back");
        if (filesNode != null && !filesNode.isNull()) {
            if (!filesNode.isBoolean()) {
                throw new GatewayException(ErrorCode.BAD_HEADER, id, "\"files_back\" must be true or false.");
            }
            filesBack = filesNode.asBoolean();
        }
        boolean stream = false;
        JsonNode streamNode = root.get("stream");
        if (streamNode != null && !streamNode.isNull()) {
            if (!streamNode.isBoolean()) {
                throw new GatewayException(ErrorCode.BAD_HEADER, id, "\"stream\" must be true or false.");
            }
            stream = streamNode.asBoolean();
        }
        return new Header(id, imageNode.asText(), maxSeconds, filesBack, stream, participant(root.get("participant"), id));
    }

    /** The optional {@code participant}: 1–64 characters, no control characters, not only spaces. */
    private static String participant(JsonNode node, String id) throws GatewayException {
        if (node == null || node.isNull()) {
            return null;
        }
        String name = node.isTextual() ? node.asText() : null;
        if (name == null || name.isBlank() || name.length() > MAX_PARTICIPANT_CHARS || name.chars().anyMatch(Character::isISOControl)) {
            throw new GatewayException(ErrorCode.BAD_HEADER, id, "\"participant\" must be a name of 1 to " + MAX_PARTICIPANT_CHARS
                    + " characters, not only spaces, with no control characters (or leave it out to be anonymous).");
        }
        return name;
    }

    /**
     * The participant a cyber-dojo {@code id} names (the HTTP door: one kata per participant), when
     * it keeps the rules a WebSocket {@code participant} keeps; {@code null} (anonymous) when not.
     */
    public static String participantOf(String cyberDojoId) {
        return cyberDojoId == null || cyberDojoId.isBlank() || cyberDojoId.length() > MAX_PARTICIPANT_CHARS
                || cyberDojoId.chars().anyMatch(Character::isISOControl) ? null : cyberDojoId;
    }

    /** A text message from a client: today only {@code {"type": "cancel", "id": …}}. */
    public record Cancel(String id) {
    }

    /**
     * Reads a text message from a client: a {@code cancel} of one of its submissions.
     *
     * @throws GatewayException {@code bad_header} (with a null id) for anything else
     */
    static Cancel parseText(String text) throws GatewayException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !"cancel".equals(root.path("type").asText(null))) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "Send submissions as binary messages: a 4-byte big-endian"
                    + " header length, the JSON header, then the .tgz (see docs/protocol.md). The one text message Warmpool"
                    + " takes is {\"type\": \"cancel\", \"id\": …}, to cancel a submission.");
        }
        JsonNode id = root.get("id");
        if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_CHARS) {
            throw new GatewayException(ErrorCode.BAD_HEADER, null, "A cancel needs \"id\": the id of a submission sent on this"
                    + " connection (a string of 1 to " + MAX_ID_CHARS + " characters).");
        }
        return new Cancel(id.asText());
    }

    /** The text message that cancels submission {@code id} of the connection it is sent on. */
    public static String cancel(String id) {
        return JSON.createObjectNode().put("type", "cancel").put("id", id).toString();
    }

    /** Builds a binary submission message (used by clients: the CLI, replay, tests). */
    public static ByteBuffer submission(String id, String image, int maxSeconds, boolean filesBack, byte[] tgz) {
        return submission(id, image, maxSeconds, filesBack, false, tgz);
    }

    /** As above; with {@code stream} the run's output comes in {@code output} messages while it runs. */
    public static ByteBuffer submission(String id, String image, int maxSeconds, boolean filesBack, boolean stream, byte[] tgz) {
        return submission(id, image, maxSeconds, filesBack, stream, null, tgz);
    }

    /** As above, sent by {@code participant} ({@code null}: anonymous). */
    public static ByteBuffer submission(String id, String image, int maxSeconds, boolean filesBack, boolean stream,
                                        String participant, byte[] tgz) {
        ObjectNode header = JSON.createObjectNode()
                .put("id", id).put("image", image).put("max_seconds", maxSeconds).put("files_back", filesBack);
        if (stream) {
            header.put("stream", true);
        }
        if (participant != null) {
            header.put("participant", participant);
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = ByteBuffer.allocate(4 + headerBytes.length + tgz.length);
        message.putInt(headerBytes.length).put(headerBytes).put(tgz).flip();
        return message;
    }

    /** A {@code result} reply; {@link Replies#read} reads it back. */
    public static String result(RunResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "result");
        node.put("id", result.id());
        node.put("image", result.image());
        node.put("outcome", result.outcome().wireName());
        node.put("status", result.status());
        node.set("stdout", output(result.stdout()));
        node.set("stderr", output(result.stderr()));
        node.set("created", files(result.created()));
        node.set("changed", files(result.changed()));
        node.set("log", output(result.log()));
        ObjectNode timings = node.putObject("timings");
        timings.put("queued_ms", result.timings().queued());
        timings.put("claim_ms", result.timings().claim());
        timings.put("exec_ms", result.timings().exec());
        timings.put("colour_ms", result.timings().colour());
        timings.put("total_ms", result.timings().total());
        node.put("warm", result.warm());
        return node.toString();
    }

    /** An {@code output} message: a stretch of one stream's output while the run goes; {@link Replies#read} reads it back. */
    public static String outputMessage(String id, StdStream stream, String data) {
        return JSON.createObjectNode().put("type", "output").put("id", id).put("stream", stream.wireName())
                .put("data", data).toString();
    }

    public static String queued(String id, int position) {
        return JSON.createObjectNode().put("type", "queued").put("id", id).put("position", position).toString();
    }

    public static String error(GatewayException e) {
        ObjectNode node = JSON.createObjectNode().put("type", "error");
        if (e.id() == null) {
            node.putNull("id");
        } else {
            node.put("id", e.id());
        }
        node.put("code", e.code().wireName()).put("message", e.getMessage());
        if (e.retryAfterMillis() > 0) {
            node.put("retry_after_ms", e.retryAfterMillis());
        }
        return node.toString();
    }

    static ObjectNode output(Output output) {
        return JSON.createObjectNode().put("content", output.content()).put("truncated", output.truncated());
    }

    static ObjectNode files(Map<String, Output> files) {
        ObjectNode node = JSON.createObjectNode();
        files.forEach((name, content) -> node.set(name, output(content)));
        return node;
    }
}
