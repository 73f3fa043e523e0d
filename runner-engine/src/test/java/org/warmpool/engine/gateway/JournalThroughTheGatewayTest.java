package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.journal.Saver;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.ThrottleLimits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/** Real runs through both doors land in the journal, and results reach the saver from it. */
class JournalThroughTheGatewayTest {
    @TempDir
    Path dir;
    Journal journal;
    Saver saver;
    ServedEngine.Served served;
    HttpServer saverServer;

    @AfterEach
    void tearDown() {
        if (served != null) {
            served.close();
        }
        if (saver != null) {
            saver.close(Duration.ofSeconds(2));
        }
        if (journal != null) {
            journal.close();
        }
        if (saverServer != null) {
            saverServer.stop(0);
        }
    }

    void serve(URI saverUrl) throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        // as serve does: results wait in the journal until the saver has them
        saver = saverUrl == null ? null
                : new Saver(saverUrl, journal, Saver.DEFAULT_BACKLOG, new Saver.Pace(Duration.ofMillis(20), Duration.ofMillis(200), 1000));
        served = ServedEngine.start(EngineConfig.defaults().withPool(BUSYBOX, PoolSettings.withTarget(2)),
                GatewayConfig.loopback(0, 0), journal, saver);
        // a burst from many clients at once: nothing here is about throttling
        served.engine().setLimits(new ThrottleLimits(64, 4, 50, 500, 10_000, 10_000));
    }

    @Test
    void aBurstOfTwoHundredSubmissionsIsJournaledCompletely() throws Exception {
        serve(null);
        List<WsTestClient> clients = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            clients.add(WsTestClient.connect(served.wsPort()));
        }
        try {
            for (int n = 0; n < 200; n++) {
                String colour = n % 2 == 0 ? "exit 0" : "exit 1";
                clients.get(n % 10).submit("burst-" + n, BUSYBOX, DemoImages.script("echo run " + n + "\n" + colour + "\n"));
            }
            Map<String, String> outcomeById = new ConcurrentHashMap<>();
            for (int n = 0; n < 200; n++) {
                JsonNode reply = clients.get(n % 10).nextReply();
                outcomeById.put(reply.path("id").asText(), reply.path("type").asText().equals("result")
                        ? reply.path("outcome").asText() : "error:" + reply.path("code").asText());
            }
            assertThat(outcomeById).hasSize(200);

            // every reply was committed before it was sent: nothing to wait for
            List<JournalEntry> entries = journal.find(JournalFilter.ALL, 1000);
            assertThat(entries).as("journaled runs").hasSize(200);
            assertThat(entries.stream().collect(Collectors.toMap(JournalEntry::id, JournalEntry::outcome)))
                    .as("outcome journaled for each id").isEqualTo(outcomeById);
            assertThat(outcomeById.values()).as("the runs really ran").contains("green", "red");
            JournalEntry one = entries.get(0);
            assertThat(one.door()).isEqualTo("ws");
            assertThat(one.reply()).contains("\"type\":\"result\"", "\"id\":\"" + one.id() + "\"");
            SubmissionFiles files = TgzReader.read(journal.tgz(one.seq()), ArchiveLimits.defaults());
            assertThat(new String(files.get("cyber-dojo.sh"), StandardCharsets.UTF_8))
                    .as("the archive as sent").startsWith("echo run ");
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void anHttpSubmissionIsJournaledAsAnArchiveOfItsFiles() throws Exception {
        serve(null);
        String body = """
                {"id": "http-1", "files": {"cyber-dojo.sh": "echo from http\\n"},
                 "manifest": {"image_name": "warmpool/busybox", "max_seconds": 5}}""";

        HttpTestClient.Reply reply = HttpTestClient.post(served.httpPort(), "/run_cyber_dojo_sh", body);

        assertThat(reply.status()).isEqualTo(200);
        JournalEntry e = journal.find(JournalFilter.parse("door=http"), 10).get(0);
        assertThat(e.id()).isEqualTo("http-1");
        assertThat(e.outcome()).isEqualTo("green");
        assertThat(e.maxSeconds()).isEqualTo(5);
        SubmissionFiles files = TgzReader.read(journal.tgz(e.seq()), ArchiveLimits.defaults());
        assertThat(new String(files.get("cyber-dojo.sh"), StandardCharsets.UTF_8)).isEqualTo("echo from http\n");
    }

    @Test
    void aSubmissionRefusedAtTheDoorIsNotJournaled() throws Exception {
        serve(null);
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            client.send(Messages.busybox("bad", "not a tgz".getBytes(StandardCharsets.UTF_8)));
            assertThat(client.nextReply().path("code").asText()).isEqualTo("bad_archive");
            client.submit("unknown", "warmpool/nothing-here", DemoImages.script("echo\n"));
            assertThat(client.nextReply().path("code").asText()).isEqualTo("unknown_image");
        }
        assertThat(journal.find(JournalFilter.ALL, 10)).as("refused at the door: not accepted, not journaled").isEmpty();
    }

    @Test
    void theSaverReceivesEachResultOnceEvenWhenItFailsTheFirstTwoTries() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<JsonNode> stored = new CopyOnWriteArrayList<>();
        saverServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        saverServer.createContext("/save", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int attempt = attempts.computeIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    k -> new AtomicInteger()).incrementAndGet();
            if (attempt > 2) {
                stored.add(WsTestClient.JSON.readTree(body));
            }
            exchange.sendResponseHeaders(attempt > 2 ? 200 : 500, -1);
            exchange.close();
        });
        saverServer.start();
        serve(URI.create("http://127.0.0.1:" + saverServer.getAddress().getPort() + "/save"));

        Set<String> sent = new java.util.HashSet<>();
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            for (int n = 0; n < 5; n++) {
                JsonNode reply = client.run("saved-" + n, BUSYBOX, DemoImages.script("echo saved " + n + "\n"));
                assertThat(reply.path("outcome").asText()).isEqualTo("green");
                sent.add(reply.path("id").asText());
            }
        }

        // once the journal marks all five sent, nothing is left to send: a duplicate would have come before
        await().atMost(Duration.ofSeconds(60)).until(() -> journal.saverCounts().sent() == 5);
        assertThat(saver.stats().pending()).isZero();
        assertThat(stored).extracting(j -> j.path("id").asText()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(stored).allSatisfy(j -> {
            assertThat(j.path("type").asText()).isEqualTo("result");
            assertThat(j.path("image").asText()).isEqualTo(BUSYBOX);
        });
        assertThat(attempts.values()).extracting(AtomicInteger::get).containsOnly(3);
    }
}
