package org.warmpool.engine.replay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.gateway.Replies;
import org.warmpool.engine.run.RunRequest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One replay: sends submissions through Warmpool's WebSocket like real clients, on threads of its
 * own, and measures what they see. Latency is counted from the moment a submission was due (not
 * from when it happened to leave), so a sender held up by an overloaded engine cannot hide the
 * overload. {@link ReplayService} starts these.
 */
final class Replayer implements ReplaySession {
    private static final Logger log = LoggerFactory.getLogger(Replayer.class);
    /** How long after its time limit a submission's reply is waited for before it counts as unanswered. */
    static final int REPLY_GRACE_SECONDS = 60;

    private final URI url;
    private final String token;
    private final List<ReplayItem> items;
    private final ReplayPlan plan;
    private final ReplayListener listener;
    private final Random random;
    private final int total;
    private final CompletableFuture<ReplayReport> done = new CompletableFuture<>();
    private volatile boolean cancelled;

    /**
     * @param items as the caller gave them; each is sent with the plan's image (else its own) and
     *              its own time limit (else the plan's, else the default)
     * @throws IllegalArgumentException when there is nothing to send, or an item has no image
     */
    Replayer(URI url, String token, List<ReplayItem> items, ReplayPlan plan, ReplayListener listener, Random random) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay");
        }
        long planned = (long) items.size() * plan.repeat();
        if (planned > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(items.size() + " items × " + plan.repeat() + " repeats is too many to replay");
        }
        this.url = url;
        this.token = token;
        this.items = items.stream().map(item -> resolved(item, plan)).toList();
        this.plan = plan;
        this.listener = listener != null ? listener : new ReplayListener() { };
        this.random = random;
        this.total = (int) planned;
    }

    private static ReplayItem resolved(ReplayItem item, ReplayPlan plan) {
        String image = plan.image() != null ? plan.image() : item.image();
        if (image == null) {
            throw new IllegalArgumentException(item.name() + " has no image: choose one for the whole replay (--image)");
        }
        int seconds = item.maxSeconds() > 0 ? item.maxSeconds() : plan.maxSeconds() > 0 ? plan.maxSeconds() : RunRequest.DEFAULT_MAX_SECONDS;
        return new ReplayItem(item.name(), image, seconds, item.tgz(), item.expected());
    }

    /** Starts sending on a thread of its own; returns at once. */
    Replayer start() {
        Thread thread = new Thread(() -> {
            try {
                done.complete(run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "warmpool-replay");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public CompletableFuture<ReplayReport> done() {
        return done;
    }

    /** Sends nothing more; submissions already sent are still awaited and reported. */
    @Override
    public void cancel() {
        cancelled = true;
    }

    private record Planned(ReplayItem item, long dueNanos, int connection) {
    }

    /**
     * Replays the items and waits for every reply (or its time-out).
     *
     * @throws IOException when Warmpool cannot be reached at all
     */
    private ReplayReport run() throws IOException, InterruptedException {
        Pacing pacing = plan.pacing();
        int sockets = Math.min(total, pacing instanceof Pacing.Concurrency c ? c.clients()
                : pacing instanceof Pacing.Clients c ? c.clients() : plan.connections());
        List<SubmissionClient> connections = new ArrayList<>();
        try {
            for (int i = 0; i < sockets && !cancelled; i++) {
                connections.add(SubmissionClient.connect(url, token));
            }
            long start = System.nanoTime();
            List<Pending> pending = cancelled ? List.of()
                    : pacing instanceof Pacing.Concurrency ? closedLoop(connections, start)
                    : openLoop(plan(sockets), connections, start);
            List<ReplayReport.Reply> replies = new ArrayList<>();
            for (Pending p : pending) {
                replies.add(p.reply.join());
            }
            long sendSpan = pending.stream().mapToLong(p -> p.submitted.sentNanos()).max().orElse(start) - start;
            long slowest = replies.stream().mapToLong(ReplayReport.Reply::latencyMillis).max().orElse(0);
            return new ReplayReport(url, plan.image(), describe(pacing), total, replies, Duration.ofNanos(Math.max(0, sendSpan)),
                    Duration.ofNanos(System.nanoTime() - start), cancelled && pending.size() < total, slowest);
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

    /** When each submission of an open loop is due, in order. */
    private List<Planned> plan(int sockets) {
        List<Planned> planned = new ArrayList<>();
        if (plan.pacing() instanceof Pacing.Rate r) {
            for (int i = 0; i < total; i++) {
                planned.add(new Planned(items.get(i % items.size()), (long) (i * 1e9 / r.perSecond()), i % sockets));
            }
        } else if (plan.pacing() instanceof Pacing.Clients c) {
            int clients = Math.min(c.clients(), total);
            long period = c.every().toNanos();
            long[] phase = new long[clients];
            for (int k = 0; k < clients; k++) {
                phase[k] = (long) (random.nextDouble() * period);
            }
            for (int i = 0; i < total; i++) {
                int k = i % clients;
                // participant k's turn t sends item k + t: each one works through the items in order
                planned.add(new Planned(items.get((k + i / clients) % items.size()), phase[k] + (long) (i / clients) * period, k));
            }
            planned.sort(Comparator.comparingLong(Planned::dueNanos));
        } else {
            throw new IllegalStateException("closed loop has no plan");
        }
        return planned;
    }

    private List<Pending> openLoop(List<Planned> planned, List<SubmissionClient> connections, long start) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        for (Planned p : planned) {
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
            pending.add(send(connections.get(p.connection()), pending.size(), p.item(), start + p.dueNanos()));
        }
        return pending;
    }

    private List<Pending> closedLoop(List<SubmissionClient> connections, long start) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Pending> pending = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (SubmissionClient connection : connections) {
            Thread worker = new Thread(() -> {
                int i;
                while (!cancelled && (i = next.getAndIncrement()) < total) {
                    Pending p = send(connection, i, items.get(i % items.size()), System.nanoTime());
                    pending.add(p);
                    p.reply.join();
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

    /** One submission on its way; {@link #reply} completes once, with its reply or why none came, after the listener heard. */
    private record Pending(int index, SubmissionClient.Submitted submitted, CompletableFuture<ReplayReport.Reply> reply) {
    }

    private Pending send(SubmissionClient client, int index, ReplayItem item, long dueNanos) {
        tell(() -> listener.sent(index, item));
        SubmissionClient.Submitted submitted = client.submit("replay-" + index, item.image(), item.maxSeconds(),
                plan.filesBack(), item.tgz(), plan.stream() ? streamed -> tell(() -> listener.output(index, streamed.stream(),
                        streamed.data())) : null);
        int limit = item.maxSeconds() + REPLY_GRACE_SECONDS;
        CompletableFuture<ReplayReport.Reply> reply = submitted.reply().orTimeout(limit, TimeUnit.SECONDS)
                .handle((answer, failure) -> reply(item, dueNanos, submitted, answer, failure, limit))
                .thenApply(r -> {
                    tell(() -> listener.answered(index, r));
                    return r;
                });
        return new Pending(index, submitted, reply);
    }

    private static ReplayReport.Reply reply(ReplayItem item, long dueNanos, SubmissionClient.Submitted submitted,
                                            Replies.Reply answer, Throwable failure, int limit) {
        boolean queued = submitted.queued();
        if (answer == null) {
            Throwable why = failure;
            while ((why instanceof CompletionException || why instanceof ExecutionException) && why.getCause() != null) {
                why = why.getCause();
            }
            String problem = why instanceof TimeoutException ? "no reply within " + limit + " s"
                    : why == null ? "no reply" : why.getMessage() != null ? why.getMessage() : why.toString();
            return new ReplayReport.Reply(item.name(), item.expected(), null, null, problem, -1, queued, null);
        }
        long latency = (submitted.answeredNanos() - dueNanos) / 1_000_000;
        if (answer instanceof Replies.Result r) {
            return new ReplayReport.Reply(item.name(), item.expected(), r.result().outcome(), null, null, latency, queued, r.result());
        }
        Replies.Refusal refusal = (Replies.Refusal) answer;
        return new ReplayReport.Reply(item.name(), item.expected(), null, refusal.code(), refusal.message(), latency, queued, null);
    }

    /** A listener that throws must not stop the replay. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a replay listener failed", e);
        }
    }
}
