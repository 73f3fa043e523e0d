package org.warmpool.engine.soak;

import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.Labels;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A soak: {@code warmpool serve} under a mixed load over both doors while faults are injected, then
 * the checks — every submission answered once and truly, every result in the journal, nothing
 * left behind, a flat heap — printed as a table (and written to {@code report.md}).
 */
public final class Soak {
    private final SoakPlan plan;
    private final ContainerRuntime docker;
    private final PrintStream out;

    public Soak(SoakPlan plan, ContainerRuntime docker, PrintStream out) {
        this.plan = plan;
        this.docker = docker;
        this.out = out;
    }

    /** Runs it; the result says whether every check held. */
    public SoakResult run() throws IOException, InterruptedException {
        Files.createDirectories(plan.work());
        Files.createDirectories(plan.journal().toAbsolutePath().getParent());
        Path settings = plan.work().resolve("settings.json");
        Files.writeString(settings, settings(plan));
        List<Kind> mix = Kind.mix();
        Timeline timeline = new Timeline();
        long started = System.nanoTime();
        Set<Long> servePids = new HashSet<>();
        try (ServeProcess serve = new ServeProcess(settings, plan.journal(), plan.work())) {
            out.printf("soak: starting warmpool serve (journal %s) ...%n", plan.journal());
            serve.start(Duration.ofMinutes(3));
            servePids.add(serve.pid());
            SoakClients clients = new SoakClients(serve, mix, plan.runs());
            Faults faults = new Faults(plan, serve, clients, docker, timeline);
            clients.goOnWhile(() -> !faults.eachHadATurn());
            clients.start(plan.clients(), plan.httpClients(), plan.idleConnections(), plan.slowSenders());
            out.printf("soak: %d runs, %d WebSocket + %d HTTP clients, %d idle connections, %d slow senders; faults %s every %d s%n",
                    plan.runs(), plan.clients(), plan.httpClients(), plan.idleConnections(), plan.slowSenders(),
                    plan.faults().stream().map(SoakPlan.Fault::wireName).toList(), plan.faultEvery().toSeconds());
            Thread injector = new Thread(() -> {
                try {
                    faults.run(clients::done);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "soak-faults");
            injector.setDaemon(true);
            injector.start();

            Measure heap = new Measure();
            long lastReport = System.nanoTime();
            while (!clients.awaitDone(Duration.ofSeconds(1))) {
                servePids.add(serve.pid());
                heap.maybeBaseline(serve, clients.finished(), faults.engineRestartedAtRun(), plan.heapBaselineRuns());
                if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                    lastReport = System.nanoTime();
                    out.printf("soak: %d/%d runs, faults so far %s%n", clients.finished(), plan.runs(), timeline.counts());
                }
            }
            injector.interrupt();
            injector.join(300_000);
            servePids.add(serve.pid());
            heap.end(serve, clients.finished(), faults.engineRestartedAtRun());
            clients.stop();
            int connectionsLeft = await(() -> Connections.established(serve.httpPort(), serve.webSocket().getPort()),
                    Duration.ofSeconds(30));
            int threadsLeft = heap.threadsAfterSettling(serve);
            serve.stop();
            int containersLeft = await(() -> leftBehind(servePids), Duration.ofSeconds(60));
            JournalCheck journal = JournalCheck.of(plan.journal(), clients.sent());
            SoakResult result = new SoakResult(plan, clients.finished(), Duration.ofNanos(System.nanoTime() - started),
                    clients.sent(), timeline, clients.strayReplies(), clients.vanished(), faults.skipped(), journal,
                    containersLeft, connectionsLeft, heap, threadsLeft);
            result.print(out);
            Files.writeString(plan.work().resolve("report.md"), result.table());
            return result;
        }
    }

    /** Containers of the soak's engines still there. */
    private int leftBehind(Set<Long> pids) {
        return (int) docker.listManaged().stream().filter(c -> {
            String[] owner = c.label(Labels.OWNER).split("/");
            return owner.length == 3 && pids.contains(Long.parseLong(owner[1]));
        }).count();
    }

    private interface Count {
        int now() throws IOException, InterruptedException;
    }

    /** Waits for a count to reach 0, up to {@code within}; returns the last count. */
    private static int await(Count count, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int n = count.now();
        while (n > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            n = count.now();
        }
        return n;
    }

    static String settings(SoakPlan plan) {
        int connections = plan.idleConnections() + plan.clients() + plan.slowSenders() + 64;
        return """
                {
                  "pools": {
                    "warmpool/busybox": {"target": 2, "recycle": true},
                    "warmpool/python-pytest": {"target": 1},
                    "warmpool/bash-shunit2": {"target": 1, "run_path": "exec"}
                  },
                  "limits": {"max_connections": %d, "max_concurrent_runs": 4, "per_connection": 4, "queue": 200,
                             "rate_per_second": 1000, "burst": 1000},
                  "docker_grace_seconds": 30
                }
                """.formatted(connections);
    }

    /** The engine's heap and threads: a baseline after some runs, and at the end. */
    static final class Measure {
        long baselineHeap = -1;
        long baselineAtRun;
        int baselineThreads;
        long endHeap = -1;
        long endAtRun;
        private long restartSeen;

        void maybeBaseline(ServeProcess serve, int finished, long restartedAtRun, int after) {
            if (restartedAtRun != restartSeen) {
                restartSeen = restartedAtRun; // the engine started again: its heap starts again too
                baselineHeap = -1;
            }
            if (baselineHeap < 0 && finished >= restartedAtRun + after) {
                try {
                    baselineHeap = serve.heapAfterGc();
                    baselineThreads = serve.threads();
                    baselineAtRun = finished;
                } catch (IOException e) {
                    baselineHeap = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void end(ServeProcess serve, int finished, long restartedAtRun) throws IOException, InterruptedException {
            if (restartedAtRun != restartSeen) {
                baselineHeap = -1; // taken in an engine killed since: no stretch of one engine's life to compare
            }
            endHeap = serve.heapAfterGc();
            endAtRun = finished;
        }

        /** Threads once idle pools have let theirs go (a minute), compared with the baseline's. */
        int threadsAfterSettling(ServeProcess serve) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int threads = serve.threads();
            while (baselineHeap >= 0 && threads > baselineThreads && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                threads = serve.threads();
            }
            return threads;
        }
    }

    /** Every result a client received, looked up in the journal; and SQLite's own check. */
    record JournalCheck(int results, int found, List<String> missing, String integrity) {
        static JournalCheck of(Path file, List<Sent> sent) {
            List<Sent> results = sent.stream().filter(s -> s.outcome() != null).toList();
            List<String> missing = new ArrayList<>();
            String integrity;
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro")) {
                Map<String, String> journalled = new TreeMap<>();
                try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT client_id, outcome FROM runs")) {
                    while (rs.next()) {
                        journalled.put(rs.getString(1), rs.getString(2));
                    }
                }
                for (Sent s : results) {
                    String outcome = journalled.get(s.id);
                    if (outcome == null || !outcome.equals(s.answer())) {
                        missing.add(s.id + " (" + s.answer() + ", journal: " + outcome + ")");
                    }
                }
                try (PreparedStatement check = db.prepareStatement("PRAGMA integrity_check"); ResultSet rs = check.executeQuery()) {
                    integrity = rs.next() ? rs.getString(1) : "no answer";
                }
            } catch (SQLException e) {
                return new JournalCheck(results.size(), 0, List.of("cannot read the journal: " + e.getMessage()), "unknown");
            }
            return new JournalCheck(results.size(), results.size() - missing.size(), missing, integrity);
        }
    }

    /** The truths, counted. */
    static Map<Sent.Truth, Integer> truths(List<Sent> sent, Timeline timeline) {
        Map<Sent.Truth, Integer> counts = new EnumMap<>(Sent.Truth.class);
        for (Sent.Truth t : Sent.Truth.values()) {
            counts.put(t, 0);
        }
        sent.forEach(s -> counts.merge(s.truth(timeline), 1, Integer::sum));
        return counts;
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f %%", ratio * 100);
    }
}
