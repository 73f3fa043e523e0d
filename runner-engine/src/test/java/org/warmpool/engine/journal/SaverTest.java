package org.warmpool.engine.journal;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A saver fed from memory (recording off): a saver that fails, then works, still gets every result exactly once; its answers. */
class SaverTest {
    HttpServer server;
    Saver saver;
    final List<String> stored = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attemptsByKey = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (saver != null) {
            saver.close(Duration.ZERO);
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** A saver that answers {@code failFirst} times with 503 for each result, then stores it. */
    URI saverFailing(int failFirst, int finalStatus) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/results", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            int attempt = attemptsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            int status = attempt <= failFirst ? 503 : finalStatus;
            if (status == 201) {
                stored.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/results");
    }

    @Test
    void eachResultArrivesOnceEvenWhenTheSaverFailsTheFirstTwoTries() throws Exception {
        saver = new Saver(saverFailing(2, 201), 100, Duration.ofMillis(20));
        for (int i = 0; i < 5; i++) {
            saver.forward("{\"id\":\"r" + i + "\"}");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> saver.stats().sent() == 5);
        assertThat(stored).containsExactlyInAnyOrder("{\"id\":\"r0\"}", "{\"id\":\"r1\"}", "{\"id\":\"r2\"}",
                "{\"id\":\"r3\"}", "{\"id\":\"r4\"}");
        assertThat(attemptsByKey.values()).as("attempts per result").allMatch(n -> n.get() == 3);
        assertThat(saver.stats().failed()).isZero();
    }

    @Test
    void aResultTheSaverRefusesAsBadIsNotRetried() throws Exception {
        saver = new Saver(saverFailing(0, 400), 100, Duration.ofMillis(20));
        saver.forward("{\"id\":\"bad\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> saver.stats().rejected() == 1);
        assertThat(attemptsByKey.values()).singleElement().satisfies(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(saver.stats().problem()).contains("HTTP 400");
        assertThat(saver.stats().failed()).isZero();
    }

    @Test
    void aSaverThatIsDownNeverHoldsMoreThanItsBacklog() throws Exception {
        saver = new Saver(URI.create("http://127.0.0.1:9/none"), 3, Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            saver.forward("{}");
        }

        // one is being tried, three wait, the rest were dropped
        assertThat(saver.stats().pending()).isLessThanOrEqualTo(3);
        assertThat(saver.stats().dropped()).isGreaterThanOrEqualTo(6);
        assertThat(saver.stats().journalled()).as("without a journal, results wait in memory only").isFalse();
    }

    @Test
    void aSaverAnswerIsTakenTriedAgainOrFinalByItsStatus() throws Exception {
        Map<Integer, SaverPost.Verdict> expected = new java.util.TreeMap<>();
        for (int status : new int[] {200, 201, 202, 204}) {
            expected.put(status, SaverPost.Verdict.TAKEN);
        }
        for (int status : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            expected.put(status, SaverPost.Verdict.TRY_AGAIN);
        }
        for (int status : new int[] {301, 400, 401, 403, 404, 409, 413, 422}) {
            expected.put(status, SaverPost.Verdict.REFUSED);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(Integer.parseInt(exchange.getRequestHeaders().getFirst("Idempotency-Key")), -1);
            exchange.close();
        });
        server.start();
        SaverPost post = new SaverPost(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status"));

        Map<Integer, SaverPost.Verdict> verdicts = new java.util.TreeMap<>();
        for (int status : expected.keySet()) {
            verdicts.put(status, post.send(Integer.toString(status), "{}").verdict());
        }

        assertThat(verdicts).isEqualTo(expected);
        SaverPost.Answer nobody = new SaverPost(URI.create("http://127.0.0.1:9/none")).send("k", "{}");
        assertThat(nobody.verdict()).as("nobody listening").isEqualTo(SaverPost.Verdict.TRY_AGAIN);
        assertThat(nobody.why()).contains("ConnectException");
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Saver(URI.create("file:///etc/passwd")))
                .hasMessageContaining("must be http:// or https://");
    }
}
