package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.replay.ReplayService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * A replay session against the real served engine, as the console and {@code warmpool replay}
 * drive it: pacing, repeats, cancel, and a listener that hears of every submission.
 */
@ExtendWith(ServedEngine.class)
class ReplaySessionTest {
    /** Far above what any of these replays needs, so that only a hang fails on time. */
    static final Duration CEILING = Duration.ofMinutes(3);

    static ReplayService replays() {
        return new ReplayService(URI.create("ws://127.0.0.1:" + ServedEngine.wsPort() + "/"), null, null);
    }

    static ReplayItem item(String name, SubmissionFiles files) {
        return new ReplayItem(name, BUSYBOX, 10, TarPacker.tgz(files), null);
    }

    static ReplayItem coloured(String colour) {
        return item(colour, TrafficLightsThroughBothDoorsTest.submissionFor(BUSYBOX, colour));
    }

    static ReplayReport finish(ReplaySession session) {
        return session.done().orTimeout(CEILING.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Everything a listener heard, and how many were out at once. */
    static class Heard implements ReplayListener {
        final Map<Integer, ReplayItem> sent = new ConcurrentHashMap<>();
        final Map<Integer, ReplayReport.Reply> answered = new ConcurrentHashMap<>();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        volatile Consumer<Heard> onAnswer = h -> { };
        volatile Consumer<Heard> onSent = h -> { };

        @Override
        public void sent(int index, ReplayItem item) {
            if (sent.put(index, item) != null) {
                problems.add("sent twice: " + index);
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            onSent.accept(this);
        }

        @Override
        public void answered(int index, ReplayReport.Reply reply) {
            if (!sent.containsKey(index)) {
                problems.add("answered before sent: " + index);
            }
            if (answered.put(index, reply) != null) {
                problems.add("answered twice: " + index);
            }
            inFlight.decrementAndGet();
            onAnswer.accept(this);
        }

        void sawEverySubmissionOf(ReplayReport report) {
            assertThat(problems).as("the listener's calls").isEmpty();
            assertThat(sent.keySet()).as("indices the listener heard sent")
                    .containsExactlyInAnyOrderElementsOf(range(report.sent()));
            assertThat(answered.keySet()).as("indices the listener heard answered")
                    .containsExactlyInAnyOrderElementsOf(range(report.sent()));
            for (int i = 0; i < report.sent(); i++) {
                assertThat(answered.get(i)).as("the listener's answer %d is the report's", i).isEqualTo(report.replies().get(i));
            }
        }

        static List<Integer> range(int n) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            return all;
        }
    }

    @Test
    void aClosedLoopKeepsItsClientsBusyRepeatsEachItemAndTheListenerHearsEveryRun() {
        List<ReplayItem> items = List.of(coloured("red"), coloured("green"));
        Heard heard = new Heard();

        ReplayReport report = finish(replays().start(items, new ReplayPlan(new Pacing.Concurrency(2), 3, null, 0), heard));

        assertThat(report.planned()).isEqualTo(6);
        assertThat(report.sent()).isEqualTo(6);
        assertThat(report.cancelled()).isFalse();
        assertThat(report.outcomes()).as("each item three times").containsEntry(Outcome.RED, 3L).containsEntry(Outcome.GREEN, 3L);
        assertThat(report.unanswered()).isZero();
        assertThat(heard.mostInFlight.get()).as("at most two out at once in a closed loop of two").isBetween(1, 2);
        heard.sawEverySubmissionOf(report);
        for (int i = 0; i < 6; i++) {
            assertThat(heard.sent.get(i).name()).as("submission %d", i).isEqualTo(items.get(i % 2).name());
        }
        assertThat(report.replies()).allSatisfy(r -> {
            assertThat(r.result()).as("the whole result of %s", r.name()).isNotNull();
            assertThat(r.result().outcome()).isEqualTo(r.outcome());
            assertThat(r.result().stdout().content() + r.result().stderr().content()).isNotBlank();
            assertThat(r.result().timings().total()).isEqualTo(r.serverMillis()).isPositive();
            assertThat(r.warm()).isEqualTo(r.result().warm());
            assertThat(r.latencyMillis()).isNotNegative();
        });
    }

    @Test
    void anOpenLoopSendsAtItsRateNotAllAtOnce() {
        ReplayItem quick = item("quick", DemoImages.script("echo quick\n"));
        Heard heard = new Heard();

        ReplayReport report = finish(replays().start(List.of(quick), new ReplayPlan(new Pacing.Rate(4), 8, null, 0), heard));

        assertThat(report.results()).isEqualTo(8);
        // the eighth is due 7/4 s after the first: it may leave later on a busy machine, never sooner
        assertThat(report.sendSpan()).as("time to send 8 at 4/s").isGreaterThanOrEqualTo(Duration.ofMillis(1700));
        assertThat(report.format()).contains("open loop at 4/s", "sent        8 over");
        heard.sawEverySubmissionOf(report);
    }

    @Test
    void workshopClientsEachWorkThroughTheItems() {
        List<ReplayItem> items = List.of(coloured("red"), coloured("amber"), coloured("green"));
        Heard heard = new Heard();

        ReplayReport report = finish(replays().start(items,
                new ReplayPlan(new Pacing.Clients(2, Duration.ofSeconds(1)), 2, null, 0), heard));

        assertThat(report.sent()).isEqualTo(6);
        assertThat(report.outcomes()).containsEntry(Outcome.RED, 2L).containsEntry(Outcome.AMBER, 2L).containsEntry(Outcome.GREEN, 2L);
        assertThat(report.pacing()).isEqualTo("2 clients, each once every 1 s (open loop)");
        heard.sawEverySubmissionOf(report);
    }

    @Test
    void cancellingAClosedLoopSendsNoMoreAndTheReportSaysSo() {
        ReplayItem slow = item("slow", DemoImages.script("sleep 1\n"));
        Heard heard = new Heard();
        AtomicInteger answeredWhenCancelled = new AtomicInteger(-1);
        ReplaySession[] session = new ReplaySession[1];
        heard.onAnswer = h -> {
            if (h.answered.size() == 2 && answeredWhenCancelled.compareAndSet(-1, 2)) {
                session[0].cancel();
            }
        };

        session[0] = replays().start(List.of(slow), new ReplayPlan(new Pacing.Concurrency(1), 30, null, 0), heard);
        ReplayReport report = finish(session[0]);

        assertThat(report.cancelled()).as("cancelled").isTrue();
        assertThat(report.planned()).isEqualTo(30);
        assertThat(report.sent()).as("sent before the cancel took effect").isBetween(2, 3);
        assertThat(report.unanswered()).as("what was sent was answered").isZero();
        assertThat(report.format()).contains("cancelled after " + report.sent() + " sent");
        heard.sawEverySubmissionOf(report);
    }

    @Test
    void cancellingAnOpenLoopStopsItsScheduleAndWaitsOnlyForWhatWasSent() {
        ReplayItem quick = item("quick", DemoImages.script("echo quick\n"));
        Heard heard = new Heard();
        ReplaySession[] session = new ReplaySession[1];
        heard.onSent = h -> {
            if (h.sent.size() == 3) {
                session[0].cancel();
            }
        };

        // 40 at 2/s would take 20 s to send
        session[0] = replays().start(List.of(quick), new ReplayPlan(new Pacing.Rate(2), 40, null, 0), heard);
        ReplayReport report = finish(session[0]);

        assertThat(report.cancelled()).isTrue();
        assertThat(report.sent()).as("the third was being sent when it was cancelled").isEqualTo(3);
        assertThat(report.results()).isEqualTo(3);
        heard.sawEverySubmissionOf(report);
    }

    @Test
    void itemsTakeThePlansImageTimeLimitAndFilesBack() {
        // neither names an image or a time limit, as plain .tgz files and source folders do
        ReplayItem loops = new ReplayItem("loops", null, 0, TarPacker.tgz(DemoImages.script("while true; do :; done\n")), null);
        ReplayItem writes = new ReplayItem("writes", null, 0,
                TarPacker.tgz(DemoImages.script("echo 42 > answer.txt; echo 'expected 42, got 54'; exit 1\n")), null);
        Heard heard = new Heard();

        ReplayReport report = finish(replays().start(List.of(loops, writes),
                new ReplayPlan(new Pacing.Concurrency(2), 1, BUSYBOX, 1).withFilesBack(true), heard));

        assertThat(heard.sent.values()).as("sent with the plan's image and time limit")
                .allSatisfy(item -> {
                    assertThat(item.image()).isEqualTo(BUSYBOX);
                    assertThat(item.maxSeconds()).isEqualTo(1);
                });
        assertThat(report.image()).isEqualTo(BUSYBOX);
        ReplayReport.Reply timedOut = report.replies().get(0);
        assertThat(timedOut.outcome()).as("killed at the plan's 1 s").isEqualTo(Outcome.TIMED_OUT);
        assertThat(timedOut.result().log().content()).contains("max_seconds=1");
        ReplayReport.Reply red = report.replies().get(1);
        assertThat(red.outcome()).isEqualTo(Outcome.RED);
        assertThat(red.result().status()).isEqualTo("1");
        assertThat(red.result().stdout().content()).isEqualTo("expected 42, got 54\n");
        assertThat(red.result().created()).as("files back").containsKey("answer.txt");
        assertThat(red.result().created().get("answer.txt").content()).isEqualTo("42\n");
    }

    @Test
    void aStreamingPlanTellsTheListenerEachRunsOutputBeforeItsAnswer() {
        ReplayItem printer = item("printer", DemoImages.script("echo one; sleep 1; echo two >&2; sleep 1; echo three\n"));
        Map<Integer, StringBuilder> stdout = new ConcurrentHashMap<>();
        Map<Integer, StringBuilder> stderr = new ConcurrentHashMap<>();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Heard heard = new Heard() {
            @Override
            public void output(int index, StdStream stream, String text) {
                if (answered.containsKey(index)) {
                    problems.add("output after the answer: " + index);
                }
                (stream == StdStream.STDOUT ? stdout : stderr).computeIfAbsent(index, i -> new StringBuilder()).append(text);
                order.add(index + " " + stream.wireName());
            }
        };

        ReplayReport report = finish(replays().start(List.of(printer),
                new ReplayPlan(new Pacing.Concurrency(2), 2, null, 0).withStream(true), heard));

        heard.sawEverySubmissionOf(report);
        for (int i = 0; i < 2; i++) {
            assertThat(stdout.get(i)).as("run %d's stdout as it came", i).hasToString("one\nthree\n")
                    .hasToString(report.replies().get(i).result().stdout().content());
            assertThat(stderr.get(i)).as("run %d's stderr as it came", i).hasToString("two\n");
            int run = i;
            assertThat(order.stream().filter(o -> o.startsWith(run + " ")).toList()).as("run %d's stretches, in order", i)
                    .containsExactly(i + " stdout", i + " stderr", i + " stdout");
        }

        Heard quiet = new Heard() {
            @Override
            public void output(int index, StdStream stream, String text) {
                problems.add("output without asking: " + text);
            }
        };
        quiet.sawEverySubmissionOf(finish(replays().start(List.of(printer), new ReplayPlan(new Pacing.Concurrency(1), 1, null, 0), quiet)));
    }

    @Test
    void aGatewayThatIsNotThereEndsTheSessionWithTheReason() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Heard heard = new Heard();
        URI nowhere = URI.create("ws://127.0.0.1:" + closedPort + "/");

        ReplaySession session = new ReplayService(nowhere, null, null)
                .start(List.of(coloured("red")), new ReplayPlan(new Pacing.Concurrency(1), 1, null, 0), heard);

        assertThatThrownBy(() -> session.done().orTimeout(CEILING.toSeconds(), TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("cannot open " + nowhere);
        assertThat(heard.sent).as("nothing sent").isEmpty();
    }

    @Test
    void anItemWithNoImageIsRefusedBeforeAnythingIsSent() {
        ReplayItem plain = new ReplayItem("plain.tgz", null, 0, new byte[] {1}, null);

        assertThatThrownBy(() -> replays().start(List.of(plain), new ReplayPlan(new Pacing.Concurrency(1), 1, null, 0), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain.tgz has no image");
        assertThatThrownBy(() -> replays().start(List.of(), new ReplayPlan(new Pacing.Concurrency(1), 1, BUSYBOX, 0), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to replay");
    }
}
