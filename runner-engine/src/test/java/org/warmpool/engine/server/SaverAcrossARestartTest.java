package org.warmpool.engine.server;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.DockerJavaRuntime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * Warmpool as {@code serve} and the console start it, on the real Docker engine, with a saver that
 * is down: the result of a real run waits in the journal while Warmpool stops and starts again, and
 * goes once the saver is back, with the key and body it had.
 */
class SaverAcrossARestartTest {
    @TempDir
    Path dir;
    HttpServer saverServer;
    WarmpoolServer server;
    volatile int answer = 503;
    /** Every request the saver had: its Idempotency-Key, its body, and the status it answered. */
    final List<String[]> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(Duration.ZERO);
        }
        if (saverServer != null) {
            saverServer.stop(0);
        }
    }

    WarmpoolServer start() {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.file = dir.resolve("journal.db").toString();
        settings.saverUrl = "http://127.0.0.1:" + saverServer.getAddress().getPort() + "/results";
        settings.pools.put(BUSYBOX, new Settings.Pool());
        settings.namePools();
        return WarmpoolServer.start(settings, dir.resolve("config.json"), false, DockerJavaRuntime::new);
    }

    SaverStatus saver() {
        return server.journal().saver().orElseThrow();
    }

    @Test
    void aResultTheSaverDidNotTakeBeforeWarmpoolStoppedGoesWhenItStartsAgainWithTheSameKeyAndBody() throws Exception {
        saverServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        saverServer.createContext("/results", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = answer;
            requests.add(new String[] {exchange.getRequestHeaders().getFirst("Idempotency-Key"), body, Integer.toString(status)});
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        saverServer.start();
        server = start();
        int port = server.addresses().http().orElseThrow().getPort();

        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/run_cyber_dojo_sh"))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"id": "restart-1", "files": {"cyber-dojo.sh": "echo kept for the saver\\n"},
                         "manifest": {"image_name": "warmpool/busybox", "max_seconds": 10}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> !requests.isEmpty() && saver().problem().contains("HTTP 503"));
        assertThat(saver().pending()).isEqualTo(1);
        assertThat(saver().journalled()).isTrue();
        String[] tried = requests.get(0);
        assertThat(tried[1]).contains("\"type\":\"result\"", "\"id\":\"restart-1\"", "kept for the saver", "\"image\":\"" + BUSYBOX + "\"");

        server.close(Duration.ofSeconds(5));
        answer = 200;
        server = start();

        await().atMost(Duration.ofSeconds(60)).until(() -> saver().sent() == 1 && saver().pending() == 0);
        List<String[]> stored = requests.stream().filter(r -> r[2].equals("200")).toList();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)[0]).as("the Idempotency-Key from before the restart").isEqualTo(tried[0]);
        assertThat(stored.get(0)[1]).as("the body from before the restart").isEqualTo(tried[1]);
        assertThat(requests).as("every attempt carried the one key").allSatisfy(r -> assertThat(r[0]).isEqualTo(tried[0]));
        assertThat(saver().problem()).isEmpty();
    }
}
