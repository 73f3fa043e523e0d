package org.warmpool.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.api.ReplayReport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code warmpool replay}'s report: for each pool the replay used, its target, the
 * advice the server gives from the last minutes (read from {@code GET /api/pools}), and the model's
 * predicted share of cold starts beside the share this replay measured.
 */
final class PoolAdviceSection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolAdviceSection() {
    }

    /** The HTTP port beside a WebSocket URL, as serve's defaults pair them (4597 beside 4598). */
    static URI besides(URI webSocket) {
        return URI.create("http://" + webSocket.getHost() + ":" + (webSocket.getPort() - 1) + "/");
    }

    /** Reads {@code /api/pools} from {@code http}. */
    static JsonNode read(URI http, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve("/api/pools")).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + http.resolve("/api/pools") + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The section, for the pools the replay's results came from. */
    static String format(ReplayReport report, JsonNode pools) {
        Map<String, long[]> byImage = new LinkedHashMap<>(); // image → {results, cold}
        for (ReplayReport.Reply reply : report.replies()) {
            if (reply.result() != null) {
                long[] counts = byImage.computeIfAbsent(reply.result().image(), i -> new long[2]);
                counts[0]++;
                counts[1] += reply.result().warm() ? 0 : 1;
            }
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode pool : pools.path("pools")) {
            long[] counts = byImage.get(pool.path("image").asText());
            if (counts == null) {
                continue;
            }
            JsonNode advice = pool.path("advice");
            String mode = "auto".equals(pool.path("mode").asText())
                    ? " (auto " + pool.path("min").asInt() + ".." + pool.path("max").asInt() + ")" : "";
            out.append(String.format(Locale.ROOT, "  pool        %s: target %d%s%n", pool.path("image").asText(),
                    pool.path("target").asInt(), mode));
            out.append(String.format(Locale.ROOT, "  advice      %s%n", advice.path("target").isNull()
                    ? "none: " + advice.path("why").asText()
                    : advice.path("target").asInt() + " for under 1 % cold starts (" + advice.path("target_5_percent").asInt()
                    + " for under 5 %)"));
            if (!advice.path("target").isNull()) {
                out.append(String.format(Locale.ROOT, "  model       %.2f runs/s × %.2f s refill; at target %d it predicts %.1f %% cold;"
                                + " this replay measured %.1f %% (%d of %d)%n", advice.path("arrivals_per_second").asDouble(),
                        advice.path("refill_seconds").asDouble(), pool.path("target").asInt(),
                        100 * advice.path("predicted_cold").asDouble(), 100.0 * counts[1] / counts[0], counts[1], counts[0]));
                if (!mode.isEmpty()) {
                    out.append("              (its target moved during the replay: compare the model with a pool of fixed size)")
                            .append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }
}
