package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.warmpool.engine.DemoImages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.engine.gateway.Messages.OK_TGZ;

/** A workshop's worth of clients at once: every submission is answered exactly once. */
@ExtendWith(ServedEngine.class)
class ConcurrentClientsTest {
    static final int CLIENTS = 20;
    static final int SUBMISSIONS_EACH = 5;

    @AfterEach
    void restoreTheDefaultLimits() {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS);
    }

    /** Every client's replies, by the id they carry, and anything that went wrong on the clients' side. */
    record Traffic(Map<String, List<JsonNode>> repliesById, List<String> sent, List<String> problems) {
        List<JsonNode> all() {
            return repliesById.values().stream().flatMap(List::stream).toList();
        }
    }

    /** Runs {@code CLIENTS} clients at once, each doing {@code client} on its own connection. */
    static Traffic traffic(ClientScript client) throws Exception {
        Map<String, List<JsonNode>> replies = new ConcurrentHashMap<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 1; c <= CLIENTS; c++) {
                int number = c;
                running.add(threads.submit(() -> {
                    try (WsTestClient ws = WsTestClient.connect(ServedEngine.wsPort())) {
                        client.run(number, ws, sent, reply -> replies.computeIfAbsent(reply.path("id").asText(),
                                id -> new CopyOnWriteArrayList<>()).add(reply));
                        // Anything more on this connection would be a second reply.
                        Thread.sleep(300);
                        ws.pendingReplies().forEach(extra -> replies.computeIfAbsent(extra.path("id").asText(),
                                id -> new CopyOnWriteArrayList<>()).add(extra));
                    } catch (Throwable e) {
                        problems.add("client " + number + ": " + e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(150, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return new Traffic(replies, sent, problems);
    }

    interface ClientScript {
        void run(int client, WsTestClient ws, List<String> sent, java.util.function.Consumer<JsonNode> reply) throws Exception;
    }

    @Test
    void twentyClientsSendingFiveEachGetEverySubmissionAnsweredOnceAndGreen() throws Exception {
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConnections(CLIENTS + 10)
                .withQueueCapacity(CLIENTS * SUBMISSIONS_EACH).withRate(1000, 1000));

        Traffic traffic = traffic((client, ws, sent, collect) -> {
            for (int n = 1; n <= SUBMISSIONS_EACH; n++) {
                String id = "c" + client + "-" + n;
                sent.add(id);
                ws.send(Messages.busybox(id, OK_TGZ));
                JsonNode reply = ws.nextReply();
                collect.accept(reply);
                assertThat(reply.path("id").asText()).as("client %d's reply after sending %s", client, id).isEqualTo(id);
            }
        });

        assertThat(traffic.problems()).as("problems on the clients' side").isEmpty();
        assertThat(traffic.sent()).as("submissions sent").hasSize(CLIENTS * SUBMISSIONS_EACH).doesNotHaveDuplicates();
        assertThat(traffic.repliesById().keySet()).as("ids answered").containsExactlyInAnyOrderElementsOf(traffic.sent());
        assertThat(traffic.repliesById()).as("replies per id").allSatisfy((id, replies) ->
                assertThat(replies).as("replies to %s", id).hasSize(1));
        assertThat(traffic.all()).as("outcomes").allSatisfy(reply -> {
            assertThat(reply.path("outcome").asText()).as("outcome of %s", reply).isEqualTo("green");
            assertThat(reply.path("stdout").path("content").asText()).as("stdout of %s", reply.path("id")).isEqualTo("ok\n");
        });
        assertThat(ServedEngine.engine().throttle().inFlight()).as("nothing left in flight").isZero();
    }

    @Test
    void withThrottlingOnEverySubmissionStillGetsExactlyOneReplyResultOrThrottled() throws Exception {
        // Small enough that 20 clients sending 5 at once overrun every limit: rate, per connection, queue.
        ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS.withMaxConnections(CLIENTS + 10)
                .withMaxConcurrentRuns(2).withQueueCapacity(6).withPerConnectionConcurrency(2).withRate(2, 3));

        Traffic traffic = traffic((client, ws, sent, collect) -> {
            Set<String> mine = new HashSet<>();
            for (int n = 1; n <= SUBMISSIONS_EACH; n++) {
                String id = "t" + client + "-" + n;
                sent.add(id);
                mine.add(id);
                ws.send(Messages.busybox(id, OK_TGZ));
            }
            for (int n = 1; n <= SUBMISSIONS_EACH; n++) {
                JsonNode reply = ws.nextReply();
                collect.accept(reply);
                assertThat(mine).as("client %d's own ids, for reply %s", client, reply).contains(reply.path("id").asText());
            }
        });

        assertThat(traffic.problems()).as("problems on the clients' side").isEmpty();
        assertThat(traffic.repliesById().keySet()).as("ids answered").containsExactlyInAnyOrderElementsOf(traffic.sent());
        assertThat(traffic.repliesById()).as("replies per id").allSatisfy((id, replies) ->
                assertThat(replies).as("replies to %s", id).hasSize(1));
        assertThat(traffic.all()).as("every reply is a green result or a throttle with a retry hint").allSatisfy(reply -> {
            if (reply.path("type").asText().equals("result")) {
                assertThat(reply.path("outcome").asText()).as("outcome of %s", reply).isEqualTo("green");
            } else {
                Messages.assertError(reply, "throttled", reply.path("id").asText());
                assertThat(reply.path("retry_after_ms").asLong()).as("retry_after_ms of %s", reply).isPositive();
            }
        });
        Map<String, Long> byType = traffic.all().stream()
                .collect(Collectors.groupingBy(r -> r.path("type").asText(), Collectors.counting()));
        assertThat(byType.getOrDefault("error", 0L)).as("throttled replies (%s)", byType).isPositive();
        assertThat(byType.getOrDefault("result", 0L)).as("results (%s)", byType).isPositive();
        assertThat(ServedEngine.engine().throttle().inFlight()).as("nothing left in flight").isZero();
        JsonNode after = runOnce();
        assertThat(after.path("outcome").asText()).as("served normally afterwards: %s", after).isEqualTo("green");
    }

    static JsonNode runOnce() {
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            return client.run("after-throttling", DemoImages.BUSYBOX, DemoImages.script("echo ok\n"));
        }
    }
}
