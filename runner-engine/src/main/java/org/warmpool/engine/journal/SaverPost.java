package org.warmpool.engine.journal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * One POST of a result to the saver, and what its answer means: a 2xx is taken; a connection
 * failure, a 5xx, 408 (timeout), 425 (too early) or 429 (too many) says "not now", so it is tried
 * again; any other answer (a 4xx such as 400 or 404, a redirect) is final: this result is refused.
 */
final class SaverPost {
    private static final Set<Integer> NOT_NOW = Set.of(408, 425, 429);
    /** As much of a refusal's body as goes into its reason. */
    private static final int REASON_BYTES = 200;

    enum Verdict { TAKEN, REFUSED, TRY_AGAIN }

    /** @param why for an operator: the status and the start of what the saver said, or the connection's failure */
    record Answer(Verdict verdict, String why) {
    }

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SaverPost(URI url) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the saver URL must be http:// or https://, not " + url);
        }
        this.url = url;
    }

    /** POSTs {@code json} with {@code Idempotency-Key: key}. */
    Answer send(String key, String json) throws InterruptedException {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String said;
            try (InputStream body = response.body()) {
                said = new String(body.readNBytes(REASON_BYTES), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            }
            if (status / 100 == 2) {
                return new Answer(Verdict.TAKEN, "HTTP " + status);
            }
            String why = "HTTP " + status + (said.isEmpty() ? "" : ": " + said);
            return new Answer(status / 100 == 5 || NOT_NOW.contains(status) ? Verdict.TRY_AGAIN : Verdict.REFUSED, why);
        } catch (IOException e) {
            return new Answer(Verdict.TRY_AGAIN, e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
