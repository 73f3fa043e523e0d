package org.warmpool.engine.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The soak's HTTP requests, each on a connection of its own that is closed with its answer
 * ({@code Connection: close}): a client library's pool of idle connections would count as
 * connections the engine left open.
 */
final class Http {
    record Answer(int status, String body, long retryAfterSeconds) {
    }

    private Http() {
    }

    static Answer get(URI url, Duration timeout) throws IOException {
        return exchange(url, null, timeout);
    }

    static Answer post(URI url, String json, Duration timeout) throws IOException {
        return exchange(url, json, timeout);
    }

    private static Answer exchange(URI url, String json, Duration timeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        try {
            connection.setConnectTimeout(5000);
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("Connection", "close");
            if (json != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            long retry = connection.getHeaderFieldLong("Retry-After", 1);
            return new Answer(status, text, retry);
        } finally {
            connection.disconnect();
        }
    }
}
