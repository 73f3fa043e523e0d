package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streamed output on its way to a client, without a run or a socket: what is sent, in what order, and when it stops. */
class OutputRelayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

    /** A client that keeps what it is sent, with as much waiting to be written as a test says. */
    static final class Client implements OutputRelay.Client {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicLong backlog = new AtomicLong();

        @Override
        public void send(String json) {
            sent.add(json);
        }

        @Override
        public long backlogBytes() {
            return backlog.get();
        }

        List<JsonNode> messages() {
            return sent.stream().map(s -> {
                try {
                    return JSON.readTree(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }

        String joined(String stream) {
            StringBuilder text = new StringBuilder();
            messages().stream().filter(m -> m.path("stream").asText().equals(stream)).forEach(m -> text.append(m.path("data").asText()));
            return text.toString();
        }
    }

    @AfterEach
    void stop() {
        flusher.shutdownNow();
    }

    static RunResult result(String stdout, String stderr) {
        return new RunResult("r-1", "warmpool/busybox", Outcome.GREEN, "0", Output.of(stdout), Output.of(stderr), Map.of(), Map.of(),
                Output.EMPTY, new Timings(0, 0, 0, 0, 0), true, null);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void outputGoesAsItArrivesInOrderAsOutputMessagesOfItsId() {
        Client client = new Client();
        OutputRelay relay = new OutputRelay("r-1", client, flusher);

        relay.stdout(bytes("one\n"));
        await("the first line sent while the run goes").atMost(Duration.ofSeconds(30)).until(() -> client.sent.size() == 1);
        relay.stderr(bytes("two\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.sent.size() == 2);
        relay.finish(result("one\n", "two\n"));

        assertThat(client.messages()).extracting(m -> m.path("type").asText(), m -> m.path("id").asText(),
                        m -> m.path("stream").asText(), m -> m.path("data").asText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("output", "r-1", "stdout", "one\n"),
                        org.assertj.core.groups.Tuple.tuple("output", "r-1", "stderr", "two\n"));
    }

    @Test
    void aProgramThatPrintsAByteAtATimeGetsFewMessagesNotOneEach() throws Exception {
        Client client = new Client();
        OutputRelay relay = new OutputRelay("r-1", client, flusher);
        // The flusher busy elsewhere while the writes come (as on a loaded machine): they wait together.
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        flusher.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String c = Integer.toString(i % 10);
            all.append(c);
            relay.stdout(bytes(c));
        }
        busy.countDown();
        await("the waiting output sent").atMost(Duration.ofSeconds(30)).until(() -> !client.sent.isEmpty());
        relay.finish(result(all.toString(), ""));

        assertThat(client.joined("stdout")).isEqualTo(all.toString());
        assertThat(client.sent).as("5000 one-byte writes, coalesced").hasSize(1);
    }

    @Test
    void finishSendsWhatTheResultHoldsBeyondTheStreamAndNothingComesAfterIt() {
        Client client = new Client();
        OutputRelay relay = new OutputRelay("r-1", client, flusher);
        relay.stdout(new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}); // ends in the middle of a character
        relay.finish(result("ok\uFFFD", ""));
        int atTheResult = client.sent.size();

        relay.stdout(bytes("late\n"));
        relay.stderr(bytes("later\n"));
        relay.flush();
        relay.finish(result("again", ""));

        assertThat(client.joined("stdout")).isEqualTo("ok\uFFFD");
        assertThat(client.sent).as("messages after finish").hasSize(atTheResult);
    }

    @Test
    void anErrorReplyEndsTheStreamWithoutARest() {
        Client client = new Client();
        OutputRelay relay = new OutputRelay("r-1", client, flusher);
        relay.finish(null);
        relay.stdout(bytes("after the error\n"));
        relay.flush();

        assertThat(client.sent).isEmpty();
    }

    @Test
    void aClientFarBehindGetsNoMoreOutputMessagesButWhatItGotIsTheStart() {
        Client client = new Client();
        OutputRelay relay = new OutputRelay("r-1", client, flusher);
        relay.stdout(bytes("first\n"));
        relay.flush();
        client.backlog.set(OutputRelay.MAX_BACKLOG_BYTES);
        relay.stdout(bytes("second\n"));
        relay.flush();
        client.backlog.set(0); // caught up: still nothing more, so what it has stays the start without a hole
        relay.stdout(bytes("third\n"));
        relay.finish(result("first\nsecond\nthird\n", ""));

        assertThat(client.joined("stdout")).isEqualTo("first\n");
    }
}
