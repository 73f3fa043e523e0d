package org.warmpool.engine.replay;

import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.Pacing;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends submissions through Warmpool's WebSocket like real clients and measures what they see.
 * Latency is counted from the moment a submission was due (not from when it happened to leave),
 * so a sender held up by an overloaded engine cannot hide the overload. The console's Replay tab
 * and {@code warmpool replay} both use this.
 */
public final class Replayer {

    /**
     * @param url         Warmpool's WebSocket, e.g. {@code ws://127.0.0.1:4598/}
     * @param token       bearer token, or {@code null}
     * @param image       the image every submission runs on, or {@code null} to use each one's own
     * @param repeat      how many times the whole list is sent
     * @param connections WebSocket connections for {@link Pacing.Rate} (the other pacings use one per client)
     */
    public record Options(URI url, String token, String image, Pacing pacing, int repeat, int connections) {
        public Options {
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
            }
            if (connections < 1 || connections > 1000) {
                throw new IllegalArgumentException("--connections must be 1 to 1000, not " + connections);
            }
        }
    }

    /** Hears about each reply as it comes (from the replay's threads). */
    public interface Listener {
        void answered(ReplayReport.Reply reply, int done, int total);
    }

    private final Options options;
    private final Listener listener;
    private final Random random;
    private volatile boolean cancelled;

    public Replayer(Options options, Listener listener) {
        this(options, listener, new Random());
    }

    Replayer(Options options, Listener listener, Random random) {
        this.options = options;
        this.listener = listener != null ? listener : (reply, done, total) -> { };
        this.random = random;
    }

    /** Sends nothing more; submissions in flight are still awaited and reported. */
    public void cancel() {
        cancelled = true;
    }

    private record Planned(int index, ReplayItem item, long dueNanos, int connection) {
    }

    /**
     * Replays {@code items} and waits for every reply (or its time-out).
     *
     * @throws IOException when Warmpool cannot be reached at all
     */
    public ReplayReport run(List<ReplayItem> items) throws IOException, InterruptedException {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay");
        }
        for (ReplayItem item : items) {
            if (options.image() == null && item.image() == null) {
                throw new IllegalArgumentException(item.name() + " has no image: choose one with --image");
            }
        }
        int total = items.size() * options.repeat();
        Pacing pacing = options.pacing();
        int sockets = Math.min(total, pacing instanceof Pacing.Concurrency c ? c.clients()
                : pacing instanceof Pacing.Clients c ? c.clients() : options.connections());
        List<SubmissionClient> connections = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                connections.add(SubmissionClient.connect(options.url(), options.token()));
            }
            long start = System.nanoTime();
            List<Pending> pending = options.pacing() instanceof Pacing.Concurrency
                    ? closedLoop(items, total, connections, start)
                    : openLoop(plan(items, total), connections, start);
            List<ReplayReport.Reply> replies = new ArrayList<>();
            for (Pending p : pending) {
                replies.add(p.await());
            }
            long sendSpan = pending.stream().mapToLong(Pending::sentNanos).max().orElse(start) - start;
            long lastReply = replies.stream().mapToLong(ReplayReport.Reply::latencyMillis).max().orElse(0);
            return new ReplayReport(options.url(), options.image(), describe(options.pacing()), total, replies,
                    Duration.ofNanos(sendSpan), Duration.ofNanos(System.nanoTime() - start), cancelled, lastReply);
        } finally {
            connections.forEach(SubmissionClient::close);
        }
    }

    static String describe(Pacing pacing) {
        if (pacing instanceof Pacing.Rate r) {
            return "open loop at " + trim(r.perSecond()) + "/s";
        }
        if (pacing instanceof Pacing.Concurrency c) {
            return "closed loop, " + c.clients() + " at a time";
        }
        Pacing.Clients c = (Pacing.Clients) pacing;
        return c.clients() + " clients, each once every " + c.every().toSeconds() + " s (open loop)";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** When each submission is due, in order. */
    private List<Planned> plan(List<ReplayItem> items, int total) {
        List<Planned> planned = new ArrayList<>();
        if (options.pacing() instanceof Pacing.Rate r) {
            for (int i = 0; i < total; i++) {
                planned.add(new Planned(i, items.get(i % items.size()), (long) (i * 1e9 / r.perSecond()),
                        i % Math.min(options.connections(), total)));
            }
        } else if (options.pacing() instanceof Pacing.Clients c) {
            int clients = Math.min(c.clients(), total);
            long period = c.every().toNanos();
            long[] phase = new long[clients];
            for (int k = 0; k < clients; k++) {
                phase[k] = (long) (random.nextDouble() * period);
            }
            for (int i = 0; i < total; i++) {
                int k = i % clients;
                // participant k's turn t sends item k + t: each one works through the items in order
                planned.add(new Planned(i, items.get((k + i / clients) % items.size()), phase[k] + (long) (i / clients) * period, k));
            }
            planned.sort(Comparator.comparingLong(Planned::dueNanos));
        } else {
            throw new IllegalStateException("closed loop has no plan");
        }
        return planned;
    }

    private List<Pending> openLoop(List<Planned> planned, List<SubmissionClient> connections, long start) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (Planned p : planned) {
            if (cancelled) {
                break;
            }
            long wait = start + p.dueNanos() - System.nanoTime();
            while (wait > 0 && !cancelled) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                wait = start + p.dueNanos() - System.nanoTime();
            }
            if (cancelled) {
                break;
            }
            pending.add(send(connections.get(p.connection()), p.index(), p.item(), start + p.dueNanos(), done, planned.size()));
        }
        return pending;
    }

    private List<Pending> closedLoop(List<ReplayItem> items, int total, List<SubmissionClient> connections, long start)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Pending> pending = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (SubmissionClient connection : connections) {
            Thread worker = new Thread(() -> {
                int i;
                while (!cancelled && (i = next.getAndIncrement()) < total) {
                    Pending p = send(connection, i, items.get(i % items.size()), System.nanoTime(), done, total);
                    pending.add(p);
                    p.await();
                }
            }, "warmpool-replay-client");
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        List<Pending> ordered = new ArrayList<>(pending);
        ordered.sort(Comparator.comparingInt(p -> p.index));
        return ordered;
    }

    /** One submission on its way, and the client it went by. */
    private final class Pending {
        final int index;
        final ReplayItem item;
        final long dueNanos;
        final SubmissionClient.Submitted submitted;
        ReplayReport.Reply result;

        Pending(int index, ReplayItem item, long dueNanos, SubmissionClient.Submitted submitted) {
            this.index = index;
            this.item = item;
            this.dueNanos = dueNanos;
            this.submitted = submitted;
        }

        long sentNanos() {
            return submitted.sentNanos();
        }

        synchronized ReplayReport.Reply await() {
            if (result != null) {
                return result;
            }
            JsonNode json;
            String problem = null;
            try {
                json = submitted.reply().get(item.maxSeconds() + 60L, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                json = null;
                problem = "no reply within " + (item.maxSeconds() + 60) + " s";
            } catch (ExecutionException e) {
                json = null;
                problem = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                json = null;
                problem = "interrupted";
            }
            boolean queued = submitted.queued();
            long latency = json == null ? -1 : (submitted.answeredNanos() - dueNanos) / 1_000_000;
            if (json == null) {
                result = new ReplayReport.Reply(item.name(), item.expected(), null, null, problem, -1, null, -1, queued, null);
            } else if ("result".equals(json.path("type").asText())) {
                result = new ReplayReport.Reply(item.name(), item.expected(), json.path("outcome").asText(), null, null,
                        latency, json.path("warm").asBoolean(), json.path("timings").path("total_ms").asLong(-1), queued, json);
            } else {
                result = new ReplayReport.Reply(item.name(), item.expected(), null, json.path("code").asText("error"),
                        json.path("message").asText(), latency, null, -1, queued, json);
            }
            return result;
        }
    }

    private Pending send(SubmissionClient client, int index, ReplayItem item, long dueNanos, AtomicInteger done, int total) {
        SubmissionClient.Submitted submitted = client.submit("replay-" + index,
                options.image() != null ? options.image() : item.image(), item.maxSeconds(), false, item.tgz());
        Pending p = new Pending(index, item, dueNanos, submitted);
        submitted.reply().whenComplete((json, failure) -> listener.answered(p.await(), done.incrementAndGet(), total));
        return p;
    }
}
