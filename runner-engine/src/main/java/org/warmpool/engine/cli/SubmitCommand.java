package org.warmpool.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.gateway.Protocol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code warmpool submit}: one submission over the WebSocket, like any client. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send one submission to a running Warmpool and print its traffic light, stdout and stderr.",
                "Exit status: 0 green, 1 red, 2 amber, 3 timed_out or faulty, 4 error."})
final class SubmitCommand implements Callable<Integer> {
    static final int GREEN = 0, RED = 1, AMBER = 2, OTHER = 3, ERROR = 4;

    @Option(names = "--image", required = true, description = "Image to run in, e.g. warmpool/python-pytest.")
    String image;

    static final class Source {
        @Option(names = "--dir", paramLabel = "DIR", description = "A folder of sources with cyber-dojo.sh (packed here).")
        Path dir;
        @Option(names = "--tgz", paramLabel = "FILE", description = "A .tgz to send as it is.")
        Path tgz;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--max-seconds", defaultValue = "10", description = "Time limit, 1-20 (default ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:4598/", description = "Warmpool's WebSocket (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", description = "Bearer token, when the server requires one.")
    String token;

    @Option(names = "--id", defaultValue = "cli-1", description = "Submission id (default ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--files-back", description = "Also return text files the run created or changed.")
    boolean filesBack;

    @Option(names = "--json", description = "Print the raw JSON reply instead.")
    boolean json;

    @Override
    public Integer call() {
        byte[] tgz;
        try {
            tgz = source.tgz != null ? Files.readAllBytes(source.tgz)
                    : TarPacker.tgz(SubmissionFiles.fromDirectory(source.dir, ArchiveLimits.defaults()));
        } catch (IOException | ArchiveException e) {
            System.err.println("warmpool submit: " + e.getMessage());
            return ERROR;
        }
        String reply;
        try {
            reply = exchange(tgz);
        } catch (IOException | ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("warmpool submit: cannot reach Warmpool at " + url + ": " + cause.getMessage()
                    + " (is it running? ./warmpool serve, or the console)");
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ERROR;
        }
        try {
            return print(new ObjectMapper().readTree(reply), reply);
        } catch (IOException e) {
            System.err.println("warmpool submit: unreadable reply: " + reply);
            return ERROR;
        }
    }

    private String exchange(byte[] tgz) throws IOException, ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    if (message.contains("\"type\":\"queued\"")) {
                        System.err.println("warmpool submit: queued, " + message.replaceAll(".*\"position\":(\\d+).*", "$1")
                                + " ahead");
                    } else {
                        answer.complete(message);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                answer.completeExceptionally(new IOException("connection closed (" + status + " " + reason + ")"));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                answer.completeExceptionally(error);
            }
        };
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var builder = client.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        WebSocket ws = builder.buildAsync(url, listener).get(10, TimeUnit.SECONDS);
        ws.sendBinary(Protocol.submission(id, image, maxSeconds, filesBack, tgz), true).get(30, TimeUnit.SECONDS);
        String reply = answer.get(maxSeconds + 120L, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return reply;
    }

    private int print(JsonNode reply, String raw) {
        if (json) {
            System.out.println(raw);
        }
        if ("error".equals(reply.path("type").asText())) {
            if (!json) {
                System.err.println("warmpool submit: " + reply.path("code").asText() + ": " + reply.path("message").asText()
                        + (reply.has("retry_after_ms") ? " (retry after " + reply.get("retry_after_ms").asLong() + " ms)" : ""));
            }
            return ERROR;
        }
        String outcome = reply.path("outcome").asText();
        if (!json) {
            JsonNode t = reply.path("timings");
            System.out.printf("%s  status %s  %s %d ms%n", light(outcome), reply.path("status").asText(),
                    reply.path("warm").asBoolean() ? "warm" : "cold", t.path("total_ms").asLong());
            section("stdout", reply.path("stdout"));
            section("stderr", reply.path("stderr"));
            section("log", reply.path("log"));
        }
        return switch (outcome) {
            case "green" -> GREEN;
            case "red" -> RED;
            case "amber" -> AMBER;
            default -> OTHER;
        };
    }

    private static void section(String name, JsonNode output) {
        String content = output.path("content").asText();
        if (!content.isEmpty()) {
            System.out.println("--- " + name + (output.path("truncated").asBoolean() ? " (truncated at 50 KB)" : "") + " ---");
            System.out.print(content.endsWith("\n") ? content : content + "\n");
        }
    }

    private static String light(String outcome) {
        boolean colour = System.console() != null && System.getenv("NO_COLOR") == null;
        String code = switch (outcome) {
            case "red" -> "31";
            case "amber" -> "33";
            case "green" -> "32";
            default -> "35";
        };
        return colour ? "\u001b[1;" + code + "m● " + outcome + "\u001b[0m" : "● " + outcome;
    }
}
