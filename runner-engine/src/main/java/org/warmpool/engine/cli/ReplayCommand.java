package org.warmpool.engine.cli;

import org.warmpool.engine.config.Settings;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.replay.ReplayService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code warmpool replay}: send recorded or saved submissions through the WebSocket and report what came back. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay submissions through Warmpool's WebSocket like real clients, and report.",
                "The report: outcomes, throttling, latency (p50/p95/p99/max, from when each was due), warm share,",
                "and which runs changed colour compared with the journal.",
                "Exit status: 0 every submission answered and none changed colour, 1 otherwise, 2 bad usage or unreachable."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--from-journal", paramLabel = "FILTER", arity = "0..1", fallbackValue = "",
            description = "Replay journaled runs, e.g. image=warmpool/python-pytest,outcome=red,since=2026-11-28T10:00"
                    + " (keys: image, outcome, door, id, since, until; none: all).")
    String fromJournal;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many journaled runs, the most recent (default ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(paramLabel = "TGZ|DIR", arity = "0..*",
            description = ".tgz files, folders of them (a journal export keeps its colours), or folders of sources with cyber-dojo.sh.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--image", description = "Run everything on this image (default: each run's own; needed for plain .tgz files).")
    String image;

    static final class Pace {
        @Option(names = "--rate", paramLabel = "R", description = "Open loop: R submissions per second, answered or not.")
        Double rate;
        @Option(names = "--concurrency", paramLabel = "C", description = "Closed loop: C clients, each sending when its last was answered.")
        Integer concurrency;
        @Option(names = "--clients", paramLabel = "N", description = "N workshop participants, each testing once every --every (open loop).")
        Integer clients;
    }

    @ArgGroup(exclusive = true)
    Pace pace = new Pace();

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "30", description = "With --clients: seconds between one participant's tests (default ${DEFAULT-VALUE}).")
    double every;

    @Option(names = "--repeat", defaultValue = "1", description = "Send the whole selection N times (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--connections", defaultValue = "8", description = "WebSocket connections used by --rate (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:4598/", description = "Warmpool's WebSocket (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", description = "Bearer token, when the server requires one.")
    String token;

    @Option(names = "--http-url", paramLabel = "URL", description = "Warmpool's HTTP port, where the report reads each pool's"
            + " advice (default: the port below --url's, as serve's defaults 4597 and 4598).")
    URI httpUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file, for where the journal is (default: the user's).")
    Path config;

    @Mixin
    JournalOptions journal = new JournalOptions();

    @Override
    public Integer call() {
        try {
            if (fromJournal == null && paths.isEmpty()) {
                throw new IllegalArgumentException("nothing to replay: give --from-journal [FILTER], .tgz files or folders");
            }
            List<ReplayItem> items = new ArrayList<>();
            if (fromJournal != null) {
                // read, then closed: the replay itself goes through the gateway, which journals it
                try (Journal j = openJournal()) {
                    items.addAll(new ReplayService(url, token, j).fromJournal(JournalFilter.parse(fromJournal), limit));
                }
                if (items.isEmpty()) {
                    throw new IOException("no journaled run matches \"" + fromJournal + "\"");
                }
            }
            ReplayService replays = new ReplayService(url, token, null);
            items.addAll(replays.fromPaths(paths, null));
            return replay(replays, items);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("warmpool replay: " + e.getMessage());
            return 2;
        }
    }

    private Journal openJournal() throws IOException {
        JournalConfig where = journal.resolve(Settings.load(config != null ? config : Settings.defaultPath()));
        if (!Files.exists(where.file())) {
            throw new IOException("there is no journal at " + where.file() + " yet (serve or the console record one)");
        }
        return Journal.open(new JournalConfig(true, where.file(), where.maxRuns(), where.maxBytes()));
    }

    private int replay(ReplayService replays, List<ReplayItem> items) {
        Pacing pacing = pace.rate != null ? new Pacing.Rate(pace.rate)
                : pace.concurrency != null ? new Pacing.Concurrency(pace.concurrency)
                : pace.clients != null ? new Pacing.Clients(pace.clients, Duration.ofMillis((long) (every * 1000)))
                : new Pacing.Concurrency(1);
        ReplayPlan plan = new ReplayPlan(pacing, repeat, image, 0).withConnections(connections);
        int total = items.size() * repeat;
        System.err.printf("warmpool replay: %d submission(s) to %s ...%n", total, url);
        AtomicInteger answered = new AtomicInteger();
        ReplaySession session = replays.start(items, plan, new ReplayListener() {
            @Override
            public void answered(int index, ReplayReport.Reply reply) {
                int done = answered.incrementAndGet();
                if (done % Math.max(1, total / 10) == 0 || done == total) {
                    System.err.printf("warmpool replay: %d/%d answered%n", done, total);
                }
            }
        });
        Thread cancel = new Thread(session::cancel);
        Runtime.getRuntime().addShutdownHook(cancel);
        ReplayReport report;
        try {
            report = session.done().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("warmpool replay: " + cause.getMessage());
            return 2;
        } catch (InterruptedException e) {
            session.cancel();
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // already running
            }
        }
        System.out.print(report.format());
        URI http = httpUrl != null ? httpUrl : PoolAdviceSection.besides(url);
        try {
            System.out.print(PoolAdviceSection.format(report, PoolAdviceSection.read(http, token)));
        } catch (IOException e) {
            System.out.printf("  advice      not read from %s: %s%n", http, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return report.unanswered() == 0 && report.changed().isEmpty() && !report.cancelled() ? 0 : 1;
    }
}
