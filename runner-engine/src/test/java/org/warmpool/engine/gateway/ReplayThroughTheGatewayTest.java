package org.warmpool.engine.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.cli.WarmpoolCli;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.replay.ReplayService;
import org.warmpool.engine.api.ThrottleLimits;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.engine.DemoImages.BUSYBOX;
import static org.warmpool.engine.DemoImages.PYTHON_PYTEST;

/** Replays through a real engine: journaled colours come back, the pace is kept, throttling is counted. */
class ReplayThroughTheGatewayTest {
    @TempDir
    Path dir;
    Journal journal;
    ServedEngine.Served served;

    @AfterEach
    void tearDown() {
        if (served != null) {
            served.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    void serve(ThrottleLimits limits) throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        served = ServedEngine.start(EngineConfig.defaults()
                        .withPool(BUSYBOX, PoolSettings.withTarget(1))
                        .withPool(PYTHON_PYTEST, PoolSettings.withTarget(1)),
                GatewayConfig.loopback(0, 0), journal, null);
        served.engine().setLimits(limits);
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + served.wsPort() + "/");
    }

    ReplayService replays() {
        return new ReplayService(ws(), null, journal);
    }

    ReplayReport replay(List<ReplayItem> items, Pacing pacing, int repeat, int connections) {
        return replays().start(items, new ReplayPlan(pacing, repeat, null, 0).withConnections(connections), null)
                .done().orTimeout(5, TimeUnit.MINUTES).join();
    }

    static final ThrottleLimits ROOMY = new ThrottleLimits(64, 2, 50, 500, 1000, 1000);

    @Test
    void aReplayOfAJournalSelectionReproducesTheJournaledColours() throws Exception {
        serve(ROOMY);
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            assertThat(client.run("start", PYTHON_PYTEST, DemoImages.startPoint(PYTHON_PYTEST)).path("outcome").asText()).isEqualTo("red");
            assertThat(client.run("slip", PYTHON_PYTEST, DemoImages.variant(PYTHON_PYTEST, "amber")).path("outcome").asText()).isEqualTo("amber");
            assertThat(client.run("fix", PYTHON_PYTEST, DemoImages.variant(PYTHON_PYTEST, "green")).path("outcome").asText()).isEqualTo("green");
            client.run("other", BUSYBOX, DemoImages.script("echo not this one\n"));
        }
        List<ReplayItem> items = replays().fromJournal(JournalFilter.parse("image=" + PYTHON_PYTEST), 100);
        assertThat(items).extracting(ReplayItem::expected).containsExactly(Outcome.RED, Outcome.AMBER, Outcome.GREEN);

        ReplayReport report = replay(items, new Pacing.Rate(5), 2, 2);

        assertThat(report.outcomes()).containsEntry(Outcome.RED, 2L).containsEntry(Outcome.AMBER, 2L).containsEntry(Outcome.GREEN, 2L);
        assertThat(report.changed()).as("runs that changed colour").isEmpty();
        assertThat(report.unanswered()).isZero();
        assertThat(report.format()).contains("outcomes    red 2 · amber 2 · green 2", "colours     all 6 as journaled");
    }

    @Test
    void aRunThatNoLongerHasItsJournaledColourIsReported() throws Exception {
        serve(ROOMY);
        byte[] startPoint = TarPacker.tgz(DemoImages.startPoint(PYTHON_PYTEST));
        ReplayItem wasGreen = new ReplayItem("00000007-kata", PYTHON_PYTEST, 10, startPoint, Outcome.GREEN);

        ReplayReport report = replay(List.of(wasGreen), new Pacing.Concurrency(1), 1, 1);

        assertThat(report.changed()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("00000007-kata");
            assertThat(r.outcome()).isEqualTo(Outcome.RED);
        });
        assertThat(report.format()).contains("1 of 1 changed from the journal:", "00000007-kata: green → red");
    }

    @Test
    void anOpenLoopReplayKeepsItsPaceWhileTheEngineFallsBehind() throws Exception {
        // one run at a time, each a second long: a sender that waited for replies would need 8 s to send
        serve(new ThrottleLimits(64, 1, 50, 500, 1000, 1000));
        ReplayItem slow = new ReplayItem("slow", BUSYBOX, 10, TarPacker.tgz(DemoImages.script("sleep 1\n")), null);

        ReplayReport report = replay(List.of(slow), new Pacing.Rate(8), 8, 4);

        assertThat(report.results()).isEqualTo(8);
        // 875 ms at the rate; a sender that waited for replies would need over 8 s
        assertThat(report.sendSpan().toMillis()).as("time to send all 8 at 8/s").isLessThan(6000);
        assertThat(report.latency().max()).as("the last one waited for the seven before it").isGreaterThan(5000);
        assertThat(report.replies()).anyMatch(ReplayReport.Reply::queued);
    }

    @Test
    void throttledSubmissionsAreCountedNotHidden() throws Exception {
        // one at a time per connection and no queue: a second submission while one runs is refused
        serve(new ThrottleLimits(64, 4, 1, 0, 1000, 1000));
        ReplayItem slow = new ReplayItem("slow", BUSYBOX, 10, TarPacker.tgz(DemoImages.script("sleep 1\n")), null);

        ReplayReport report = replay(List.of(slow), new Pacing.Rate(20), 6, 1);

        assertThat(report.throttled()).as("throttled replies").isGreaterThanOrEqualTo(4);
        assertThat(report.results() + report.throttled()).isEqualTo(6);
        assertThat(report.format()).contains("throttled   " + report.throttled());
    }

    @Test
    void theReplayCommandReadsTheJournalAndPrintsTheReport() throws Exception {
        serve(ROOMY);
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            client.run("start", PYTHON_PYTEST, DemoImages.startPoint(PYTHON_PYTEST));
            client.run("fix", PYTHON_PYTEST, DemoImages.variant(PYTHON_PYTEST, "green"));
        }
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = WarmpoolCli.execute("replay", "--from-journal", "image=" + PYTHON_PYTEST,
                    "--journal", dir.resolve("journal.db").toString(), "--config", dir.resolve("none.json").toString(),
                    "--url", ws().toString(), "--rate", "4");
        } finally {
            System.setOut(out);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; report:\n" + report).isZero();
        assertThat(report).contains("Replay of 2 submission(s)", "red 1 · amber 0 · green 1", "all 2 as journaled",
                "warm/cold", "p95");
    }

    @Test
    void theReplayCommandSaysWhatIsWrongWithItsArguments() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int nothing;
        int missing;
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            nothing = WarmpoolCli.execute("replay");
            missing = WarmpoolCli.execute("replay", dir.resolve("gone.tgz").toString());
        } finally {
            System.setErr(err);
        }
        assertThat(nothing).isEqualTo(2);
        assertThat(missing).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("nothing to replay", "not found: " + dir.resolve("gone.tgz"));
    }
}
