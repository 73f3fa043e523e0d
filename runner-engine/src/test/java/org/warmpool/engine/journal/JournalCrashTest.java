package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;
import org.warmpool.engine.gateway.Protocol;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 in the middle of a burst loses no acknowledged result and leaves a journal that opens cleanly. */
class JournalCrashTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyResultAClientReceivedBeforeAKillMinusNineIsInTheJournal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.db");
        Path settings = dir.resolve("config.json");
        Files.writeString(settings, """
                {"limits": {"max_connections": 64, "max_concurrent_runs": 4, "per_connection": 100, "queue": 1000,
                            "rate_per_second": 1000, "burst": 1000}}""");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.warmpool.engine.cli.WarmpoolCli", "serve", "--journal", file.toString(), "--config", settings.toString(),
                "--pool", "warmpool/busybox=2", "--http-port", "0", "--ws-port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ownerPrefix = Labels.host() + "/" + serve.pid() + "/";
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<WebSocket> sockets = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("listening "));
            assertThat(line).as("serve's first line").matches("listening http=\\d+ ws=\\d+");
            int wsPort = Integer.parseInt(line.replaceAll(".*ws=(\\d+).*", "$1"));

            HttpClient http = HttpClient.newHttpClient();
            for (int c = 0; c < 4; c++) {
                sockets.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode reply = JSON.readTree(text.toString());
                                if ("result".equals(reply.path("type").asText())) {
                                    acknowledged.put(reply.path("id").asText(), reply.path("outcome").asText());
                                }
                            } catch (Exception ignored) {
                                // not a reply we count
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS));
            }
            byte[] tgz = TarPacker.tgz(DemoImages.script("echo burst\n"));
            for (int n = 0; n < 150; n++) {
                sockets.get(n % 4).sendBinary(Protocol.submission("crash-" + n, DemoImages.BUSYBOX, 10, false, tgz), true)
                        .get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 25);
        } finally {
            serve.destroyForcibly(); // SIGKILL mid-burst: no shutdown hook, no flush
            serve.waitFor(10, TimeUnit.SECONDS);
            sockets.forEach(WebSocket::abort);
        }
        Map<String, String> received = Map.copyOf(acknowledged);
        assertThat(received.size()).as("results received before the kill").isBetween(25, 149);

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement();
             ResultSet check = s.executeQuery("PRAGMA integrity_check")) {
            check.next();
            assertThat(check.getString(1)).as("integrity of the journal after kill -9").isEqualTo("ok");
        }
        try (Journal journal = Journal.open(JournalConfig.at(file))) {
            Map<String, String> journaled = journal.find(JournalFilter.ALL, 1000).stream().filter(e -> e.outcome() != null)
                    .collect(Collectors.toMap(JournalEntry::id, JournalEntry::outcome));
            assertThat(journaled).as("journaled results").containsAllEntriesOf(received);
            assertThat(journal.stats().problem()).isEmpty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing set aside as unreadable")
                    .noneMatch(name -> name.contains("unreadable"));
        }
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            for (ManagedContainer c : docker.listManaged()) {
                if (c.label(Labels.OWNER).startsWith(ownerPrefix)) {
                    docker.remove(c.id());
                }
            }
        }
    }
}
