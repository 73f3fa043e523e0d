package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The journal's one writer: a thread that owns the writing connection and commits in groups.
 * Whatever is queued when it wakes goes in one transaction (at most {@link #BATCH} writes), with
 * the replies that clients are waiting for committed ahead of archives, then lets {@link Retention} trim it.
 *
 * <p>It is also the saver's outbox writer: a reply given with a {@link Saver} is marked as waiting
 * for it in the same commit, and the saver's marks (sent, rejected, an attempt failed) are written
 * here too. Once such a reply is committed the saver is woken; when it could not be written the
 * result is handed to the saver's memory instead, so it is not lost without a word.
 *
 * <p>It never fails a run: a write that fails is rolled back, logged once, kept as the
 * {@link #problem()}, and its replies are let through as if written. A write that failed for
 * want of room or of the disk itself (a full disk, an I/O error, a locked file) is held in memory
 * — up to {@link #HELD_LIMIT} writes — and made again every second until it goes in, so a disk
 * that fills for a while loses nothing (its results wait for the saver in the journal, as usual).
 * A disk full for {@link #FULL_PATIENCE}, or as the journal closes, it has outgrown: its oldest
 * runs done with make room for the newest ({@link Retention#makeRoom}).
 */
final class JournalWriter {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 256;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    /** Writes held for a disk that cannot take them, at most (about a workshop's day of runs). */
    static final int HELD_LIMIT = 20_000;
    /** How long a full disk is waited for before the oldest runs make room for the held ones. */
    static final Duration FULL_PATIENCE = Duration.ofSeconds(30);
    /** SQLite's primary result codes for a disk or file that cannot take a write now but may later. */
    private static final java.util.Set<Integer> TRANSIENT = java.util.Set.of(5 /* BUSY */, 6 /* LOCKED */, 10 /* IOERR */,
            13 /* FULL */, 14 /* CANTOPEN */);

    private final Path file;
    private final Connection connection;
    private final Retention retention;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    /** Writes that failed for a reason that passes, oldest first; only the writer thread touches it. */
    private final List<Op> held = new ArrayList<>();
    private volatile int heldCount;
    private final AtomicLong dropped = new AtomicLong();
    private final Duration fullPatience;
    private long fullSince = -1; // when writes were first held for a full disk (nanoTime); the writer thread's
    private final Thread thread;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong saverPending;
    private volatile String problem = "";
    private volatile boolean closed;
    private final List<Consumer<List<Journal.Finished>>> finishedListeners = new CopyOnWriteArrayList<>();

    private sealed interface Op permits Insert, Update, Mark, Stop {
    }

    private record Insert(Journal.Recording recording, String door, String id, String participant, String image, int maxSeconds,
                          boolean filesBack, long receivedAt, Supplier<byte[]> tgz) implements Op {
    }

    /** A reply; with a {@code saver}, its result waits for that saver in the journal. */
    private record Update(Journal.Recording recording, long finishedAt, String outcome, long totalMillis, Boolean warm, String reply,
                          Saver saver, CompletableFuture<Void> done) implements Op {
    }

    /** What became of a result waiting for the saver: {@code state} sent or rejected, or still pending after a failed attempt. */
    private record Mark(long seq, String state, String error, long at, CompletableFuture<Boolean> done) implements Op {
    }

    private record Stop() implements Op { }

    /**
     * Starts the writer thread on {@code connection}, which it closes when it stops.
     *
     * @param saverPending results in the file waiting for the saver
     */
    JournalWriter(Path file, Connection connection, Retention retention, long saverPending, Duration fullPatience) {
        this.file = file;
        this.fullPatience = fullPatience;
        this.connection = connection;
        this.retention = retention;
        this.saverPending = new AtomicLong(saverPending);
        thread = new Thread(this::writeLoop, "warmpool-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a submission. */
    Journal.Recording accepted(String door, String id, String participant, String image, int maxSeconds, boolean filesBack,
                               Supplier<byte[]> tgz) {
        long now = System.currentTimeMillis();
        Journal.Recording recording = new Journal.Recording(this, door, participant, image, now);
        queue.add(new Insert(recording, door, id, participant, image, maxSeconds, filesBack, now, tgz));
        return recording;
    }

    /** See {@link Journal#onFinished}. */
    void onFinished(Consumer<List<Journal.Finished>> listener) {
        finishedListeners.add(listener);
    }

    /**
     * Queues a reply; see {@link Journal.Recording#finish}.
     *
     * @param saver when not {@code null}, the result waits in the journal for this saver (whose outbox this journal is)
     */
    CompletableFuture<Void> finished(Journal.Recording recording, String outcome, long totalMillis, Boolean warm, String reply,
                                     Saver saver) {
        if (closed && queue.isEmpty()) {
            if (saver != null) {
                saver.notJournalled(reply, "the journal is closed");
            }
            return CompletableFuture.completedFuture(null);
        }
        Update update = new Update(recording, System.currentTimeMillis(), outcome, totalMillis, warm, reply, saver,
                new CompletableFuture<>());
        queue.add(update);
        // a journal that has stopped writing (its thread gone, the disk hanging) must not hold replies back
        return update.done.completeOnTimeout(null, REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Queues what became of result {@code seq}: {@code "sent"}, {@code "rejected"}, or
     * {@code "pending"} after an attempt that failed; {@code error} is the reason (or {@code null}).
     *
     * @return completes with true once written, false when it could not be
     */
    CompletableFuture<Boolean> mark(long seq, String state, String error) {
        if (closed) {
            return CompletableFuture.completedFuture(false);
        }
        Mark mark = new Mark(seq, state, error, System.currentTimeMillis(), new CompletableFuture<>());
        queue.add(mark);
        return mark.done();
    }

    /** Writes queued, and held for a disk that could not take them. */
    int pending() {
        return queue.size() + heldCount;
    }

    /** Writes given up: more than {@link #HELD_LIMIT} held, or held when the journal closed. */
    long dropped() {
        return dropped.get();
    }

    /** Runs recorded since the journal was opened. */
    long recorded() {
        return recorded.get();
    }

    /** Results in the journal waiting for the saver (as committed). */
    long saverPending() {
        return saverPending.get();
    }

    /** Empty when the last write went in; otherwise why it did not. */
    String problem() {
        return problem;
    }

    /** Writes what is queued (waiting up to 10 s), then closes the connection. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} was called: it takes nothing new. */
    boolean closed() {
        return closed;
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                // while writes are held, they are made again every second
                Op next = held.isEmpty() ? queue.take() : queue.poll(1, TimeUnit.SECONDS);
                batch.addAll(held);
                held.clear();
                if (next != null) {
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                break;
            }
            if (fullSince >= 0 && System.nanoTime() - fullSince >= fullPatience.toNanos()) {
                makeRoom(batch.size());
            }
            queue.drainTo(batch, BATCH - 1);
            stopping = batch.stream().anyMatch(op -> op instanceof Stop);
            // Replies first: a client is waiting for each of them, while archives can wait a moment.
            List<Op> replies = batch.stream().filter(op -> op instanceof Update up && up.recording().seq.isDone()).toList();
            if (!replies.isEmpty() && replies.size() < batch.size()) {
                write(replies);
                batch.removeAll(replies);
            }
            write(batch);
            batch.clear();
        }
        List<Op> rest = new ArrayList<>(held);
        held.clear();
        queue.drainTo(rest);
        if (fullSince >= 0) {
            makeRoom(rest.size());
        }
        if (!rest.isEmpty()) {
            write(rest);
        }
        if (!held.isEmpty()) {
            log.error("closing the journal {} with {} write(s) it could not make: {}", file, held.size(), problem);
            dropped.addAndGet(held.size());
            held.clear();
        }
        heldCount = 0;
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the journal's writer", e);
        }
    }

    /** One transaction: what is to be done once it committed, or once it failed. */
    private static final class Outcomes {
        final List<Runnable> always = new ArrayList<>();
        final List<Runnable> committed = new ArrayList<>();
        final List<Runnable> failed = new ArrayList<>();
        /** Runs inserted in this transaction: their numbers are theirs only once it commits. */
        final Map<Journal.Recording, Long> inserted = new HashMap<>();
        /** Runs whose reply went in: the room hears of them once committed. */
        final List<Journal.Finished> finished = new ArrayList<>();
        /** Replies whose submission is held: they wait for it. */
        final List<Op> deferred = new ArrayList<>();
        /** Ops of the batch whose statements ran (the rest were never reached when one failed). */
        int processed;
        long addedRuns;
        long addedBytes;
        long saverAdded;
        long saverDone;
    }

    private void write(List<Op> batch) {
        Outcomes o = new Outcomes();
        boolean committed = false;
        boolean heldBack = false;
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (client_id, door, image, max_seconds,"
                    + " files_back, received_at, tgz, bytes, participant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement update = connection.prepareStatement("UPDATE runs SET finished_at = ?, outcome = ?, total_ms = ?,"
                         + " warm = ?, reply = ?, bytes = bytes + ?, saver_state = ?, saver_key = ? WHERE seq = ?");
                 PreparedStatement mark = connection.prepareStatement("UPDATE runs SET saver_state = ?, saver_error = ?,"
                         + " saver_attempts = saver_attempts + 1, forwarded_at = ? WHERE seq = ? AND saver_state = 'pending'")) {
                for (Op op : batch) {
                    if (op instanceof Insert in) {
                        insert(insert, in, o);
                    } else if (op instanceof Update up) {
                        update(update, up, o);
                    } else if (op instanceof Mark m) {
                        mark(mark, m, o);
                    }
                    o.processed++;
                }
            }
            connection.commit();
            committed = true;
            fullSince = -1;
            retention.added(o.addedRuns, o.addedBytes);
            recorded.addAndGet(o.addedRuns);
            saverPending.addAndGet(o.saverAdded - o.saverDone);
            if (!problem.isEmpty()) {
                log.info("the journal {} is writable again", file);
                problem = "";
            }
            hold(o.deferred);
            if (!o.finished.isEmpty()) {
                tellFinished(o.finished); // before the replies go: whoever got one finds it in the room
            }
            saverPending.addAndGet(-retention.evictIfOver(connection));
        } catch (SQLException | RuntimeException e) {
            if (!committed) {
                rollback();
            }
            String cause = "cannot write the journal " + file + ": " + e.getMessage();
            if (!problem.startsWith(cause)) {
                log.error(cause, e);
            }
            if (!committed && e instanceof SQLException sql && TRANSIENT.contains(sql.getErrorCode() & 0xff)) {
                // it passes (a full disk): the whole batch is made again later; replies go on now
                hold(batch.stream().filter(op -> !(op instanceof Stop)).toList());
                if ((sql.getErrorCode() & 0xff) == 13 /* FULL */ && fullSince < 0) {
                    fullSince = System.nanoTime();
                }
                batch.stream().filter(op -> op instanceof Update).forEach(op -> ((Update) op).done().complete(null));
                problem = cause + "; " + held.size() + " write(s) held in memory, made as soon as it can take them";
                heldBack = true;
            } else {
                problem = cause;
            }
        } finally {
            if (!heldBack) {
                settle(batch, o, committed);
            }
            heldCount = held.size();
        }
    }

    /** After a batch committed, or failed for good: numbers given out, replies let go, the saver told. */
    private void settle(List<Op> batch, Outcomes o, boolean committed) {
        // a number is given out only once committed: after a rollback SQLite hands it to the next run
        boolean written = committed;
        o.inserted.forEach((recording, seq) -> recording.seq.complete(written ? seq : null));
        if (!committed) {
            batch.stream().filter(op -> op instanceof Insert).forEach(op -> ((Insert) op).recording().seq.complete(null));
            // what the failure came before
            for (Op op : batch.subList(o.processed, batch.size())) {
                if (op instanceof Update up) {
                    if (up.saver() != null) {
                        o.failed.add(() -> up.saver().notJournalled(up.reply(), problem));
                    }
                    o.always.add(() -> up.done().complete(null));
                } else if (op instanceof Mark m) {
                    o.failed.add(() -> m.done().complete(false));
                }
            }
        }
        (committed ? o.committed : o.failed).forEach(Runnable::run);
        o.always.forEach(Runnable::run);
    }

    /** The disk stayed full: the oldest runs done with make room for {@code writes} writes ({@link Retention#makeRoom}). */
    private void makeRoom(int writes) {
        rollback();
        try {
            retention.makeRoom(connection, writes);
        } catch (SQLException e) {
            log.error("cannot make room in the journal {} on its full disk: {}", file, e.getMessage());
            rollback();
        }
        fullSince = System.nanoTime(); // its patience again before more go
    }

    /** Keeps writes to make again later, up to {@link #HELD_LIMIT}; past it the oldest are given up. */
    private void hold(List<Op> ops) {
        held.addAll(ops);
        while (held.size() > HELD_LIMIT) {
            Op gone = held.remove(0);
            if (gone instanceof Insert in) {
                in.recording().seq.complete(null);
            } else if (gone instanceof Mark m) {
                m.done().complete(false);
            }
            dropped.incrementAndGet();
        }
        heldCount = held.size();
    }

    private static void insert(PreparedStatement insert, Insert in, Outcomes o) throws SQLException {
        byte[] tgz = in.tgz().get();
        insert.setString(1, in.id());
        insert.setString(2, in.door());
        insert.setString(3, in.image());
        insert.setInt(4, in.maxSeconds());
        insert.setInt(5, in.filesBack() ? 1 : 0);
        insert.setLong(6, in.receivedAt());
        insert.setBytes(7, tgz);
        insert.setLong(8, tgz.length);
        insert.setString(9, in.participant());
        insert.executeUpdate();
        long seq;
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            seq = keys.getLong(1);
        }
        o.inserted.put(in.recording(), seq);
        o.addedRuns++;
        o.addedBytes += tgz.length;
    }

    private void update(PreparedStatement update, Update up, Outcomes o) throws SQLException {
        if (!o.inserted.containsKey(up.recording()) && !up.recording().seq.isDone()) {
            o.deferred.add(up); // its submission is held for a full disk: the reply is written after it
            o.always.add(() -> up.done().complete(null));
            return;
        }
        Long seq = o.inserted.getOrDefault(up.recording(), up.recording().seq.getNow(null));
        Saver saver = up.saver();
        boolean written = false;
        if (seq != null) {
            long replyBytes = up.reply() == null ? 0 : up.reply().length();
            update.setLong(1, up.finishedAt());
            update.setString(2, up.outcome());
            update.setLong(3, up.totalMillis());
            if (up.warm() == null) {
                update.setNull(4, Types.INTEGER);
            } else {
                update.setInt(4, up.warm() ? 1 : 0);
            }
            update.setString(5, up.reply());
            update.setLong(6, replyBytes);
            update.setString(7, saver == null ? null : "pending");
            update.setString(8, saver == null ? null : UUID.randomUUID().toString());
            update.setLong(9, seq);
            written = update.executeUpdate() == 1;
            if (written) {
                o.addedBytes += replyBytes;
                Journal.Recording r = up.recording();
                o.finished.add(new Journal.Finished(seq, r.participant, r.door, r.image, Instant.ofEpochMilli(r.receivedAt),
                        up.outcome(), up.totalMillis()));
            }
        }
        if (saver != null && written) {
            o.saverAdded++;
            o.committed.add(saver::queuedInJournal);
            o.failed.add(() -> saver.notJournalled(up.reply(), problem));
        } else if (saver != null) {
            // its submission never made it into the journal (or was removed by retention)
            o.always.add(() -> saver.notJournalled(up.reply(), problem.isEmpty() ? "its submission is not in the journal" : problem));
        }
        o.always.add(() -> up.done().complete(null));
    }

    private static void mark(PreparedStatement mark, Mark m, Outcomes o) throws SQLException {
        mark.setString(1, m.state());
        mark.setString(2, m.error());
        if ("sent".equals(m.state())) {
            mark.setLong(3, m.at());
        } else {
            mark.setNull(3, Types.INTEGER);
        }
        mark.setLong(4, m.seq());
        if (mark.executeUpdate() == 1 && !"pending".equals(m.state())) {
            o.saverDone++;
        }
        o.committed.add(() -> m.done().complete(true));
        o.failed.add(() -> m.done().complete(false));
    }

    /**
     * Undoes a failed write. SQLite rolls some failures back by itself (a full disk), after which
     * the driver's own rollback fails and would leave the connection outside any transaction, every
     * later statement committing on its own; so the connection is also put back in auto-commit,
     * and the next write begins a transaction afresh.
     */
    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException alreadyRolledBack) {
            log.debug("rollback: {}", alreadyRolledBack.getMessage());
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is unusable: the next write says so
        }
    }

    private void tellFinished(List<Journal.Finished> finished) {
        List<Journal.Finished> committed = List.copyOf(finished);
        for (Consumer<List<Journal.Finished>> listener : finishedListeners) {
            try {
                listener.accept(committed);
            } catch (RuntimeException e) {
                log.warn("a listener to the journal's finished runs failed", e);
            }
        }
    }
}
