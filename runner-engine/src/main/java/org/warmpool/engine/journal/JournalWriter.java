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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * the replies that clients are waiting for committed ahead of archives. After each commit it lets
 * {@link Retention} trim the journal.
 *
 * <p>It never fails a run: a write that fails is rolled back, logged once, kept as the
 * {@link #problem()}, and its replies are let through as if written.
 */
final class JournalWriter {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 256;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    private final Path file;
    private final Connection connection;
    private final Retention retention;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong recorded = new AtomicLong();
    private volatile String problem = "";
    private volatile boolean closed;
    private final List<Consumer<List<Journal.Finished>>> finishedListeners = new CopyOnWriteArrayList<>();

    private sealed interface Op permits Insert, Update, Stop {
    }

    private record Insert(Journal.Recording recording, String door, String id, String participant, String image, int maxSeconds,
                          boolean filesBack, long receivedAt, Supplier<byte[]> tgz) implements Op {
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

    /** Writes queued. */
    int pending() {
        return queue.size();
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
                batch.add(queue.take());
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
        List<Op> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the journal's writer", e);
        }
    }

    private void write(List<Op> batch) {
        long addedRuns = 0;
        long addedBytes = 0;
        List<Runnable> afterCommit = new ArrayList<>();
        List<Journal.Finished> finished = new ArrayList<>();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (client_id, door, image, max_seconds,"
                    + " files_back, received_at, tgz, bytes, participant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
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
                        insert.setString(9, in.participant());
                        insert.executeUpdate();
                        long seq;
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            seq = keys.getLong(1);
                        }
                        in.recording().seq.complete(seq);
                        addedRuns++;
                        addedBytes += tgz.length;
                    } else if (op instanceof Update up) {
                        Long seq = up.recording().seq.getNow(null);
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
                            Journal.Recording r = up.recording();
                            finished.add(new Journal.Finished(seq, r.participant, r.door, r.image, Instant.ofEpochMilli(r.receivedAt),
                                    up.outcome(), up.totalMillis()));
                        }
                        afterCommit.add(() -> up.done().complete(null));
                    }
                }
            }
            connection.commit();
            retention.added(addedRuns, addedBytes);
            recorded.addAndGet(addedRuns);
            if (!problem.isEmpty()) {
                log.info("the journal {} is writable again", file);
                problem = "";
            }
            if (!finished.isEmpty()) {
                tellFinished(finished); // before the replies go: whoever got one finds it in the room
            }
            retention.evictIfOver(connection);
        } catch (SQLException | RuntimeException e) {
            rollback();
            String now = "cannot write the journal " + file + ": " + e.getMessage();
            if (!now.equals(problem)) {
                log.error(now, e);
            }
            problem = now;
            for (Op op : batch) {
                if (op instanceof Insert in) {
                    in.recording().seq.complete(null);
                } else if (op instanceof Update up) {
                    afterCommit.add(() -> up.done().complete(null));
                }
            }
        } finally {
            afterCommit.forEach(Runnable::run);
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

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is already unusable
        }
    }
}
