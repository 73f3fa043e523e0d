package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.run.DockerTestClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * Clients in control of their runs, as a client sees it, against a real engine and Docker: a
 * {@code cancel} message withdraws a submission that waits (it never runs) and stops one that runs
 * (its container removed, never reused); closing the connection does both for everything it still
 * has; a cancel that finds nothing says so and changes nothing. The engine has ONE run slot, so a
 * second submission waits while a first one runs; its journal records what the clients were told.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelTest {
    /** Long enough that only a cancel can end it within these tests' waits; a deadline would give a result instead. */
    static final int MAX_SECONDS = 20;
    static final String SLEEPER = "echo started; sleep " + MAX_SECONDS + "\n";
    static final String LOOP = "echo started; while :; do :; done\n";

    Journal journal;
    ServedEngine.Served served;

    @BeforeAll
    void serve(@TempDir Path dir) throws IOException {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        served = ServedEngine.start(EngineConfig.defaults().withMaxConcurrentRuns(1).withPool(BUSYBOX, PoolSettings.withTarget(2)),
                GatewayConfig.loopback(0, 0), journal, null);
    }

    @AfterAll
    void close() {
        if (served != null) {
            served.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    @BeforeEach
    void idle() {
        await("no run in flight from an earlier test").atMost(Duration.ofSeconds(60))
                .until(() -> served.engine().throttle().inFlight() == 0 && busybox().running() == 0 && busybox().ready() == 2);
    }

    PoolSnapshot busybox() {
        return served.engine().snapshot().pool(BUSYBOX);
    }

    /** Containers claimed so far, warm or cold: a run that never ran claims none. */
    long claims() {
        PoolSnapshot p = busybox();
        return p.warmStarts() + p.coldStarts();
    }

    static String cancel(String id) {
        return "{\"type\": \"cancel\", \"id\": \"" + id + "\"}";
    }

    /** Submits a script that prints "started" first, and waits until that has streamed back: it runs. */
    static void submitAndAwaitStart(WsTestClient client, String id, String script) {
        client.submitStreaming(id, BUSYBOX, MAX_SECONDS, DemoImages.script(script));
        await(id + " started").atMost(Duration.ofSeconds(60)).until(() -> client.everything().stream()
                .anyMatch(m -> m.path("type").asText().equals("output") && m.path("id").asText().equals(id)));
    }

    /** The container that runs now: this engine runs one submission at a time. */
    String runningContainer() {
        return await("a container running").atMost(Duration.ofSeconds(30)).until(() -> served.engine().snapshot().containers().stream()
                .filter(l -> l.phase() == ContainerPhase.RUNNING).map(ContainerLife::id).findFirst(), Optional::isPresent).get();
    }

    /** Every container of Warmpool's (by its project label) that Docker still has, running or not. */
    static List<String> warmpoolContainersInDocker() {
        return DockerTestClient.raw().listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.PROJECT)).exec()
                .stream().map(c -> c.getId()).toList();
    }

    JournalEntry journaled(String id) throws IOException {
        List<JournalEntry> found = journal.find(JournalFilter.parse("id=" + id), 10);
        assertThat(found).as("journal entries for %s", id).hasSize(1);
        return found.get(0);
    }

    static void assertCancelled(JsonNode reply, String id, String message) {
        assertThat(reply.path("type").asText()).as("type of %s", reply).isEqualTo("error");
        assertThat(reply.path("id").asText()).as("id of %s", reply).isEqualTo(id);
        assertThat(reply.path("code").asText()).as("code of %s", reply).isEqualTo("cancelled");
        assertThat(reply.path("message").asText()).as("message of %s", reply).startsWith(message);
    }

    // ---------------------------------------------------------------- cancel a waiting submission

    @Test
    void aQueuedSubmissionCancelledNeverRunsAndIsAnsweredOnce() throws IOException {
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            submitAndAwaitStart(client, "sleeper", SLEEPER);
            long claimsWithTheSleeper = claims();
            client.submit("waiting", BUSYBOX, 10, DemoImages.script("echo ran > /dev/stderr\n"));
            await("the second waits for the one run slot").atMost(Duration.ofSeconds(30))
                    .until(() -> client.queuedNotices().stream().anyMatch(q -> q.path("id").asText().equals("waiting")));

            client.sendText(cancel("waiting"));

            assertCancelled(client.nextReply(), "waiting", "Cancelled by its client while it waited for a run slot; it never ran.");
            assertThat(served.engine().queuedRuns()).as("runs waiting for a slot").isZero();
            assertThat(journaled("waiting").outcome()).as("the journal's outcome for it").isEqualTo("error:cancelled");
            assertThat(journaled("waiting").reply()).as("the reply journaled").contains("\"code\":\"cancelled\"");

            client.sendText(cancel("sleeper"));
            assertCancelled(client.nextReply(), "sleeper", "Cancelled by its client while it ran: stopped after");
            assertThat(claims()).as("containers claimed: the sleeper's only").isEqualTo(claimsWithTheSleeper);

            // each had its one reply: a second cancel finds nothing, and is the next thing to come
            client.sendText(cancel("waiting"));
            JsonNode again = client.nextReply();
            assertThat(again.path("code").asText()).as("a second cancel: %s", again).isEqualTo("nothing_to_cancel");
            assertThat(again.get("id").isNull()).as("it is no submission's reply: id null in %s", again).isTrue();
            assertThat(again.path("message").asText()).contains("\"waiting\"");
            assertThat(client.pendingReplies()).as("nothing else arrived").isEmpty();
        }
    }

    // ---------------------------------------------------------------- cancel a running one

    @Test
    void aRunningLoopCancelledIsAnsweredAtOnceAndItsContainerIsRemoved() throws IOException {
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            submitAndAwaitStart(client, "loop", LOOP);
            String container = runningContainer();
            assertThat(warmpoolContainersInDocker()).as("the loop's container, labelled as Warmpool's").contains(container);
            long runsBefore = busybox().runs();

            long sent = System.nanoTime();
            client.sendText(cancel("loop"));
            // far inside its 20 s limit: only the cancel can have ended it
            JsonNode reply = client.nextReply(Duration.ofSeconds(15));
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;

            assertCancelled(reply, "loop", "Cancelled by its client while it ran: stopped after");
            assertThat(reply.path("message").asText()).as("after %d ms", tookMillis).contains("its container is removed, never reused.");
            await("the loop's container gone from Docker").atMost(Duration.ofSeconds(60))
                    .until(() -> !warmpoolContainersInDocker().contains(container));
            assertThat(served.engine().snapshot().containers()).filteredOn(l -> l.id().equals(container)).singleElement()
                    .satisfies(l -> assertThat(l.exitReason()).as("why it went").isEqualTo("cancelled by its client"));
            assertThat(busybox().runs()).as("runs with an outcome: a cancelled one has none").isEqualTo(runsBefore);
            assertThat(journaled("loop").outcome()).isEqualTo("error:cancelled");

            JsonNode next = client.run("after-loop", BUSYBOX, DemoImages.script("echo fine\n"));
            assertThat(next.path("outcome").asText()).as("the connection goes on: %s", next).isEqualTo("green");
        }
    }

    // ---------------------------------------------------------------- closing the connection

    @Test
    void closingTheConnectionWithdrawsItsQueuedRunAndStopsItsRunningOne() throws IOException {
        String container;
        long claimsWithTheSleeper;
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            submitAndAwaitStart(client, "left-running", SLEEPER);
            container = runningContainer();
            claimsWithTheSleeper = claims();
            client.submit("left-waiting", BUSYBOX, 10, DemoImages.script("echo ran\n"));
            await("the second waits").atMost(Duration.ofSeconds(30))
                    .until(() -> client.queuedNotices().stream().anyMatch(q -> q.path("id").asText().equals("left-waiting")));
        } // closed here, both still in flight

        await("both answered, in the journal").atMost(Duration.ofSeconds(30)).until(() ->
                journal.find(JournalFilter.parse("outcome=error:cancelled,id=left-waiting"), 1).size()
                        + journal.find(JournalFilter.parse("outcome=error:cancelled,id=left-running"), 1).size() == 2);
        assertThat(journaled("left-waiting").reply()).as("what the journal says it was told")
                .contains("Cancelled because its connection closed while it waited for a run slot; it never ran.");
        assertThat(journaled("left-running").reply())
                .contains("Cancelled because its connection closed while it ran: stopped after");
        await("the running one's container gone from Docker").atMost(Duration.ofSeconds(60))
                .until(() -> !warmpoolContainersInDocker().contains(container));
        assertThat(claims()).as("containers claimed: none for the one that waited").isEqualTo(claimsWithTheSleeper);
        assertThat(served.engine().queuedRuns()).isZero();
        await("nothing in flight").atMost(Duration.ofSeconds(30)).until(() -> served.engine().throttle().inFlight() == 0);
    }

    // ---------------------------------------------------------------- nothing to cancel

    @Test
    void aCancelThatFindsNothingSaysSoAndChangesNothing() {
        try (WsTestClient own = WsTestClient.connect(served.wsPort());
             WsTestClient other = WsTestClient.connect(served.wsPort())) {
            JsonNode done = own.run("done-1", BUSYBOX, DemoImages.script("echo done\n"));
            assertThat(done.path("outcome").asText()).isEqualTo("green");

            own.sendText(cancel("done-1"));
            JsonNode finished = own.nextReply();
            assertThat(finished.path("code").asText()).as("cancelling a finished one: %s", finished).isEqualTo("nothing_to_cancel");
            assertThat(finished.get("id").isNull()).isTrue();
            assertThat(finished.path("message").asText()).contains("\"done-1\"").contains("Nothing was changed");

            own.sendText(cancel("never-sent"));
            assertThat(own.nextReply().path("message").asText()).as("cancelling an id never sent").contains("\"never-sent\"");

            // another connection's submission is not this one's to cancel, even by its id
            submitAndAwaitStart(other, "theirs", "echo started; sleep 1; echo finished\n");
            own.sendText(cancel("theirs"));
            assertThat(own.nextReply().path("code").asText()).as("cancelling another connection's").isEqualTo("nothing_to_cancel");
            JsonNode theirs = other.nextReply();
            assertThat(theirs.path("outcome").asText()).as("theirs ran on: %s", theirs).isEqualTo("green");
            assertThat(theirs.at("/stdout/content").asText()).isEqualTo("started\nfinished\n");

            own.sendText("{\"type\": \"cancel\"}");
            JsonNode noId = own.nextReply();
            assertThat(noId.path("code").asText()).as("a cancel without an id: %s", noId).isEqualTo("bad_header");
            assertThat(noId.path("message").asText()).contains("\"id\"");

            assertThat(own.run("still-1", BUSYBOX, DemoImages.script("echo ok\n")).path("outcome").asText())
                    .as("the connection goes on").isEqualTo("green");
        }
    }
}
