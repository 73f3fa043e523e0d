package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.SaverStatus;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards each result to a saver: an HTTP POST of the result JSON, from threads of its own, so a
 * slow or failing saver never touches a run. Every POST of a result carries the same
 * {@code Idempotency-Key}, so a saver can drop a repeat it has already stored. A 2xx is taken; a
 * connection failure, a 5xx, 408, 425 or 429 is tried again; any other answer is final
 * ({@link SaverPost}).
 *
 * <p><b>From a journal</b> ({@link #Saver(URI, Journal)}) the journal is the outbox: a result waits
 * in it, marked in the commit that writes its reply, until the saver answers. The saver reads the
 * waiting results in journal order (also those left from before a restart, with the keys they had),
 * at most {@link Pace#perSecond()} a second, and tries the oldest again with pauses that double up
 * to {@link Pace#maxPause()} for as long as the saver is down: nothing is dropped. A 2xx marks it
 * sent; a final refusal marks it rejected with the reason, and the next goes. A result the journal
 * could not take (a full disk, a submission not recorded) waits in memory instead, and the status
 * says so.
 *
 * <p><b>In memory</b> ({@link #Saver(URI)}: recording is off) results wait in a bounded backlog
 * (newest dropped, and counted, when the saver falls {@link #DEFAULT_BACKLOG} behind), each tried
 * up to {@link #ATTEMPTS} times; they are gone when Warmpool stops.
 */
public final class Saver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Saver.class);
    public static final int ATTEMPTS = 5;
    public static final int DEFAULT_BACKLOG = 1000;
    /** Waiting results read from the journal at a time. */
    private static final int BATCH = 64;
    /** How often the journal is looked at again when nothing woke the saver (someone may have re-queued results). */
    private static final Duration RESCAN = Duration.ofSeconds(10);

    /**
     * How the saver paces itself.
     *
     * @param firstPause the pause before the first retry; each later pause doubles
     * @param maxPause   the longest pause between attempts at a result waiting in the journal
     * @param perSecond  the most results forwarded from the journal in a second
     */
    public record Pace(Duration firstPause, Duration maxPause, int perSecond) {
        public static final Pace DEFAULT = new Pace(Duration.ofMillis(500), Duration.ofSeconds(30), 50);

        public Pace {
            if (firstPause.isNegative() || maxPause.compareTo(firstPause) < 0 || perSecond < 1) {
                throw new IllegalArgumentException("a saver's pace needs 0 <= first pause <= max pause and at least one a second");
            }
        }
    }

    private final URI url;
    private final Pace pace;
    private final SaverPost post;
    private final Outbox outbox;
    private final BlockingQueue<Item> backlog;
    private final Thread memoryThread;
    private final Thread outboxThread;
    private final Object signal = new Object();
    /** Results of the journal the saver has answered for whose mark is not known to be written: not sent again. */
    private final Map<Long, CompletableFuture<Boolean>> unmarked = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong notJournalled = new AtomicLong();
    private volatile String sendProblem = "";
    /** The last result the saver will never have (refused, or given up on): kept, while an outage's problem goes with it. */
    private volatile String lastLost = "";
    private volatile String journalProblem = "";
    private volatile String readProblem = "";
    private volatile boolean closed;
    private boolean woken;
    private long lastSend;

    private record Item(String key, String json) {
    }

    /** Forwards from memory only (recording is off). */
    public Saver(URI url) {
        this(url, null, DEFAULT_BACKLOG, Pace.DEFAULT);
    }

    /** Forwards from memory only, with a backlog of at most {@code backlog} and {@code firstPause} before the first retry. */
    public Saver(URI url, int backlog, Duration firstPause) {
        this(url, null, backlog, new Pace(firstPause, firstPause.multipliedBy(1 << (ATTEMPTS - 2)), Pace.DEFAULT.perSecond()));
    }

    /** Forwards from {@code journal}'s outbox, starting with what waits in it. */
    public Saver(URI url, Journal journal) {
        this(url, journal, DEFAULT_BACKLOG, Pace.DEFAULT);
    }

    /**
     * @param journal the outbox; {@code null} to keep results in memory only
     * @param backlog results waiting in memory, at most
     */
    public Saver(URI url, Journal journal, int backlog, Pace pace) {
        this.post = new SaverPost(url);
        this.url = url;
        this.pace = pace;
        this.outbox = journal == null ? null : journal.outbox();
        this.backlog = new ArrayBlockingQueue<>(backlog);
        memoryThread = new Thread(this::memoryLoop, "warmpool-saver");
        memoryThread.setDaemon(true);
        memoryThread.start();
        if (outbox != null) {
            outboxThread = new Thread(this::outboxLoop, "warmpool-saver-outbox");
            outboxThread.setDaemon(true);
            outboxThread.start();
        } else {
            outboxThread = null;
        }
    }

    public URI url() {
        return url;
    }

    /** Queues one result in memory; returns at once. See {@link Journal.Recording#finish} for results that wait in the journal. */
    public void forward(String resultJson) {
        if (closed) {
            dropped.incrementAndGet();
            log.warn("a result came for the saver at {} as it closed; it is not forwarded", url);
            return;
        }
        if (!backlog.offer(new Item(UUID.randomUUID().toString(), resultJson))) {
            if (dropped.getAndIncrement() % 100 == 0) {
                log.warn("the saver at {} is {} results behind; dropping new results until it catches up", url, backlog.size());
            }
        }
    }

    /** Whether results written by {@code writer} wait in this saver's outbox. */
    boolean forwardsFrom(JournalWriter writer) {
        return outbox != null && outbox.writtenBy(writer);
    }

    /** A result is waiting in the journal: look. */
    void queuedInJournal() {
        if (!journalProblem.isEmpty()) {
            log.info("the journal {} takes results for the saver again", outbox.file());
            journalProblem = "";
        }
        wake();
    }

    /** A result meant to wait in the journal is not in it ({@code why}): it waits in memory. */
    void notJournalled(String resultJson, String why) {
        long n = notJournalled.incrementAndGet();
        journalProblem = n + " result(s) for the saver could not wait in the journal (" + why
                + "); they wait in memory and are lost if Warmpool stops";
        if (n % 100 == 1) {
            log.warn(journalProblem);
        }
        forward(resultJson);
    }

    /** Now: what waits, what went, what is wrong. */
    public SaverStatus stats() {
        long waiting = backlog.size();
        if (outbox != null) {
            // answered, but the mark is not written (yet, or at all): the journal still counts them
            long answeredUnmarked = unmarked.values().stream().filter(f -> !Boolean.TRUE.equals(f.getNow(null))).count();
            waiting += Math.max(0, outbox.pending() - answeredUnmarked);
        }
        long lostByRetention = outbox == null ? 0 : outbox.evictedUnsent();
        String problem = String.join("; ", List.of(sendProblem, lastLost, journalProblem, readProblem, lostByRetention == 0 ? ""
                : lostByRetention + " result(s) were removed from the journal by its limits before the saver had them")
                .stream().filter(p -> !p.isEmpty()).toList());
        return new SaverStatus(url, outbox != null, waiting, sent.get(), rejected.get(), failed.get(),
                dropped.get() + lostByRetention, problem);
    }

    private void memoryLoop() {
        while (!closed || !backlog.isEmpty()) {
            Item item;
            try {
                item = backlog.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item != null) {
                try {
                    deliverFromMemory(item);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void deliverFromMemory(Item item) throws InterruptedException {
        long pause = pace.firstPause().toMillis();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            SaverPost.Answer answer = post.send(item.key(), item.json());
            switch (answer.verdict()) {
                case TAKEN -> {
                    sent.incrementAndGet();
                    sendProblem = "";
                    return;
                }
                case REFUSED -> {
                    rejected.incrementAndGet();
                    lastLost = "the saver at " + url + " refused a result: " + answer.why();
                    log.warn("{} (final: not tried again)", lastLost);
                    return;
                }
                case TRY_AGAIN -> {
                    if (attempt == ATTEMPTS) {
                        failed.incrementAndGet();
                        lastLost = "the saver at " + url + " did not take a result: " + answer.why() + " (gave up after "
                                + attempt + " attempts)";
                        log.warn(lastLost);
                        return;
                    }
                    Thread.sleep(closed ? Math.min(pause, 200) : pause);
                    pause *= 2;
                }
            }
        }
    }

    private void outboxLoop() {
        long after = 0;
        while (!closed) {
            synchronized (signal) {
                if (woken) {
                    woken = false;
                    after = 0; // a run that finished late has an earlier number than some already sent
                }
            }
            // marks known to be written are seen by the query that follows
            unmarked.values().removeIf(f -> Boolean.TRUE.equals(f.getNow(null)));
            List<Outbox.Pending> batch;
            try {
                batch = outbox.after(after, BATCH);
                readProblem = "";
            } catch (java.io.IOException e) {
                if (outbox.closed() || closed) {
                    return;
                }
                if (readProblem.isEmpty()) {
                    log.warn("the saver cannot read the results waiting in the journal: {}", e.getMessage());
                }
                readProblem = "cannot read the results waiting for the saver: " + e.getMessage();
                if (!pause(pace.maxPause().toMillis())) {
                    return;
                }
                after = 0;
                continue;
            }
            if (batch.isEmpty()) {
                awaitWake(RESCAN.toMillis());
                after = 0;
                continue;
            }
            for (Outbox.Pending p : batch) {
                after = p.seq();
                if (unmarked.containsKey(p.seq())) {
                    continue;
                }
                if (!deliverFromJournal(p)) {
                    return;
                }
            }
        }
    }

    /** Tries until the saver answers for good; false when closed meanwhile. */
    private boolean deliverFromJournal(Outbox.Pending p) {
        long pause = pace.firstPause().toMillis();
        boolean failedBefore = false;
        while (!closed) {
            long gap = 1000L / pace.perSecond() - (System.currentTimeMillis() - lastSend);
            if (gap > 0 && !pause(gap)) {
                return false;
            }
            lastSend = System.currentTimeMillis();
            SaverPost.Answer answer;
            try {
                answer = post.send(p.key(), p.body());
            } catch (InterruptedException e) {
                return false;
            }
            switch (answer.verdict()) {
                case TAKEN -> {
                    sent.incrementAndGet();
                    if (!sendProblem.isEmpty()) {
                        log.info("the saver at {} takes results again", url);
                        sendProblem = "";
                    }
                    unmarked.put(p.seq(), watch(outbox.sent(p.seq())));
                    return true;
                }
                case REFUSED -> {
                    rejected.incrementAndGet();
                    lastLost = "the saver at " + url + " refused run " + p.seq() + " (" + p.id() + "): " + answer.why()
                            + "; it stays in the journal, marked rejected";
                    log.warn(lastLost);
                    unmarked.put(p.seq(), watch(outbox.rejected(p.seq(), answer.why())));
                    return true;
                }
                case TRY_AGAIN -> {
                    outbox.failed(p.seq(), answer.why());
                    sendProblem = "the saver at " + url + " does not take results (" + answer.why() + "); they wait in the journal,"
                            + " the oldest tried again every " + Math.max(1, pause / 1000) + " s or so";
                    if (!failedBefore) {
                        log.warn(sendProblem);
                        failedBefore = true;
                    }
                    if (!pause(pause)) {
                        return false;
                    }
                    pause = Math.min(pause * 2, pace.maxPause().toMillis());
                }
            }
        }
        return false;
    }

    /** Says so when a mark could not be written. */
    private CompletableFuture<Boolean> watch(CompletableFuture<Boolean> mark) {
        mark.thenAccept(written -> {
            if (!written) {
                journalProblem = "cannot mark results the saver answered for in the journal (" + outbox.problem()
                        + "); after a restart they are sent again, with the same Idempotency-Key";
                log.warn(journalProblem);
            }
        });
        return mark;
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void awaitWake(long millis) {
        synchronized (signal) {
            if (!woken && !closed) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Waits {@code millis} (new results do not shorten it); false when closed meanwhile. */
    private boolean pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (signal) {
            long left;
            while (!closed && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !closed;
    }

    /**
     * Stops. Results in memory are sent for up to {@code grace}; results waiting in the journal
     * stay there for the next start (an attempt under way is given the same grace).
     */
    public void close(Duration grace) {
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
        for (Thread t : outboxThread == null ? List.of(memoryThread) : List.of(outboxThread, memoryThread)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            t.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
