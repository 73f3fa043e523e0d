package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The journal's one writer: a thread that owns the writing connection and commits in groups.
 * Whatever is queued when it wakes goes in one transaction (at most {@link #BATCH} writes), with
 * the replies that clients are waiting for committed ahead of archives. After each commit it lets
 * {@link Retention} trim the journal.
 *
 * <p>It never fails a run: a write that fails is rolled back, logged once, kept as the
 * {@link #problem()}, and its replies are let through as if written. A write that failed for
 * want of room or of the disk itself (a full disk, an I/O error, a locked file) is held in memory
 * — up to {@link #HELD_LIMIT} writes — and written again every second until it goes in, so a disk
 * that fills for a while loses nothing.
 */
final class JournalWriter {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 256;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    /** Writes held for a disk that cannot take them, at most (about a workshop's day of runs). */
    static final int HELD_LIMIT = 20_000;
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
    private final Thread thread;
    private final AtomicLong recorded = new AtomicLong();
    private volatile String problem = "";
    private volatile boolean closed;

    private sealed interface Op permits Insert, Update, Stop {
    }

    private record Insert(Journal.Recording recording, String door, String id, String image, int maxSeconds, boolean filesBack,
                          long receivedAt, Supplier<byte[]> tgz) implements Op {
    }

    private record Update(Journal.Recording recording, long finishedAt, String outcome, long totalMillis, Boolean warm, String reply,
                          CompletableFuture<Void> done) implements Op {
        Update(Journal.Recording recording, long finishedAt, String outcome, long totalMillis, Boolean warm, String reply) {
            this(recording, finishedAt, outcome, totalMillis, warm, reply, new CompletableFuture<>());
        }
    }

    private record Stop() implements Op {
    }

    /** Starts the writer thread on {@code connection}, which it closes when it stops. */
    JournalWriter(Path file, Connection connection, Retention retention) {
        this.file = file;
        this.connection = connection;
        this.retention = retention;
        thread = new Thread(this::writeLoop, "warmpool-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a submission. */
    Journal.Recording accepted(String door, String id, String image, int maxSeconds, boolean filesBack, Supplier<byte[]> tgz) {
        Journal.Recording recording = new Journal.Recording(this);
        queue.add(new Insert(recording, door, id, image, maxSeconds, filesBack, System.currentTimeMillis(), tgz));
        return recording;
    }

    /** Queues a reply; see {@link Journal.Recording#finish}. */
    CompletableFuture<Void> finished(Journal.Recording recording, String outcome, long totalMillis, Boolean warm, String reply) {
        if (closed && queue.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Update update = new Update(recording, System.currentTimeMillis(), outcome, totalMillis, warm, reply);
        queue.add(update);
        // a journal that has stopped writing (its thread gone, the disk hanging) must not hold replies back
        return update.done.completeOnTimeout(null, REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes queued, and held for a disk that could not take them. */
    int pending() {
        return queue.size() + heldCount;
    }

    /** Writes given up: more than {@link #HELD_LIMIT} held, or failing for a reason that does not pass. */
    long dropped() {
        return dropped.get();
    }

    /** Runs recorded since the journal was opened. */
    long recorded() {
        return recorded.get();
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
                // while writes are held, try them again every second
                Op next = held.isEmpty() ? queue.take() : queue.poll(1, TimeUnit.SECONDS);
                batch.addAll(held);
                held.clear();
                if (next != null) {
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                break;
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

    private void write(List<Op> batch) {
        List<Op> deferred = new ArrayList<>();
        Map<Journal.Recording, Long> inserted = new IdentityHashMap<>();
        long addedRuns = 0;
        long addedBytes = 0;
        List<Runnable> afterCommit = new ArrayList<>();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (client_id, door, image, max_seconds,"
                    + " files_back, received_at, tgz, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement update = connection.prepareStatement("UPDATE runs SET finished_at = ?, outcome = ?, total_ms = ?,"
                         + " warm = ?, reply = ?, bytes = bytes + ? WHERE seq = ?")) {
                for (Op op : batch) {
                    if (op instanceof Insert in) {
                        byte[] tgz = in.tgz().get();
                        insert.setString(1, in.id());
                        insert.setString(2, in.door());
                        insert.setString(3, in.image());
                        insert.setInt(4, in.maxSeconds());
                        insert.setInt(5, in.filesBack() ? 1 : 0);
                        insert.setLong(6, in.receivedAt());
                        insert.setBytes(7, tgz);
                        insert.setLong(8, tgz.length);
                        insert.executeUpdate();
                        long seq;
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            seq = keys.getLong(1);
                        }
                        inserted.put(in.recording(), seq); // told once committed: a rollback would make it a lie
                        addedRuns++;
                        addedBytes += tgz.length;
                    } else if (op instanceof Update up) {
                        if (!inserted.containsKey(up.recording()) && !up.recording().seq.isDone()) {
                            deferred.add(up); // its submission is held: the reply waits for it
                            continue;
                        }
                        Long seq = inserted.containsKey(up.recording()) ? inserted.get(up.recording()) : up.recording().seq.getNow(null);
                        if (seq != null) {
                            long replyBytes = up.reply() == null ? 0 : up.reply().length();
                            update.setLong(1, up.finishedAt());
                            update.setString(2, up.outcome());
                            update.setLong(3, up.totalMillis());
                            if (up.warm() == null) {
                                update.setNull(4, java.sql.Types.INTEGER);
                            } else {
                                update.setInt(4, up.warm() ? 1 : 0);
                            }
                            update.setString(5, up.reply());
                            update.setLong(6, replyBytes);
                            update.setLong(7, seq);
                            update.executeUpdate();
                            addedBytes += replyBytes;
                        }
                        afterCommit.add(() -> up.done().complete(null));
                    }
                }
            }
            connection.commit();
            inserted.forEach((recording, seq) -> recording.seq.complete(seq));
            retention.added(addedRuns, addedBytes);
            recorded.addAndGet(addedRuns);
            if (!problem.isEmpty()) {
                log.info("the journal {} is writable again", file);
                problem = "";
            }
            hold(deferred);
            retention.evictIfOver(connection);
        } catch (SQLException | RuntimeException e) {
            rollback();
            boolean passes = e instanceof SQLException sql && TRANSIENT.contains(sql.getErrorCode() & 0xff);
            for (Op op : batch) {
                if (op instanceof Update up) {
                    afterCommit.add(() -> up.done().complete(null)); // the client is not kept waiting
                }
            }
            if (passes) {
                hold(batch.stream().filter(op -> !(op instanceof Stop)).toList());
            } else {
                for (Op op : batch) {
                    if (op instanceof Insert in) {
                        in.recording().seq.complete(null);
                        dropped.incrementAndGet();
                    }
                }
            }
            String cause = "cannot write the journal " + file + ": " + e.getMessage();
            if (!problem.startsWith(cause)) {
                log.error(cause, e);
            }
            problem = cause + (passes ? "; " + held.size() + " write(s) held in memory, written as soon as it can take them" : "");
        } finally {
            afterCommit.forEach(Runnable::run);
            heldCount = held.size();
        }
    }

    /** Keeps writes to make again later, up to {@link #HELD_LIMIT}; past it the oldest submissions are given up. */
    private void hold(List<Op> ops) {
        held.addAll(ops);
        while (held.size() > HELD_LIMIT) {
            if (held.remove(0) instanceof Insert in) {
                in.recording().seq.complete(null);
            }
            dropped.incrementAndGet();
        }
        heldCount = held.size();
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
}
