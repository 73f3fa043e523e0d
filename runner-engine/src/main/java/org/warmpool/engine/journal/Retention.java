package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the journal within its limits ({@link JournalConfig#maxRuns()}, {@link
 * JournalConfig#maxBytes()}): counts what it holds as the writer adds runs, and when either limit
 * is passed removes the oldest runs and returns their pages to the file system. Results still
 * waiting for the saver are kept: the oldest runs that are done with go first, and only when
 * removing all of those cannot bring the journal within its limits do the oldest of the rest go
 * too — results waiting for the saver, counted ({@link #evictedUnsent()}, shown in the saver's
 * status) and logged, and runs still under way (recorded since the journal opened, no reply yet,
 * so about to wait). Used by the writer thread only; the counts may be read from any thread.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Path file;
    private final long maxRuns;
    private final long maxBytes;
    /** Runs done with: not waiting for the saver, and replied to (or from before the journal opened, so never will be). */
    private final String doneWith;
    /** The rest: waiting for the saver, or under way. */
    private final String notDoneWith;
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong evictedUnsent = new AtomicLong();
    private long runs;
    private long bytes;

    /**
     * What the journal holds at an instant.
     *
     * @param runs  runs in it
     * @param bytes their archive and reply bytes
     */
    record Held(long runs, long bytes) {
    }

    /** The oldest runs of one kind that would go: how many, their bytes, the newest of them, and how many were waiting. */
    private record Oldest(long runs, long bytes, long lastSeq, long waiting) {
        static final Oldest NONE = new Oldest(0, 0, -1, 0);
    }

    /**
     * Starts from what the file holds as it is opened.
     *
     * @param lastSeq the newest run's number as it is opened
     */
    Retention(JournalConfig config, long runs, long bytes, long lastSeq) {
        this.file = config.file();
        this.maxRuns = config.maxRuns();
        this.maxBytes = config.maxBytes();
        this.runs = runs;
        this.bytes = bytes;
        this.doneWith = "saver_state IS NOT 'pending' AND (finished_at IS NOT NULL OR seq <= " + lastSeq + ")";
        this.notDoneWith = "NOT (" + doneWith + ")";
    }

    synchronized Held held() {
        return new Held(runs, bytes);
    }

    /** Runs removed to stay within the limits since the journal was opened. */
    long evicted() {
        return evicted.get();
    }

    /** Of {@link #evicted()}, the results removed while still waiting for the saver. */
    long evictedUnsent() {
        return evictedUnsent.get();
    }

    /** Counts what a commit added. */
    synchronized void added(long addedRuns, long addedBytes) {
        runs += addedRuns;
        bytes += addedBytes;
    }

    /**
     * Removes the oldest runs until both limits hold — those not waiting for the saver first — then
     * returns their pages to the file system. Call after a commit, on the writer's connection with
     * auto-commit off; it leaves auto-commit on when it removed anything.
     *
     * @return how many of the runs removed were still waiting for the saver
     */
    long evictIfOver(Connection writer) throws SQLException {
        long overRuns;
        long overBytes;
        synchronized (this) {
            overRuns = runs - maxRuns;
            overBytes = bytes - maxBytes;
        }
        if (overRuns <= 0 && overBytes <= 0) {
            return 0;
        }
        Oldest done = oldest(writer, doneWith, overRuns, overBytes);
        Oldest rest = done.runs() >= overRuns && done.bytes() >= overBytes ? Oldest.NONE
                : oldest(writer, notDoneWith, overRuns - done.runs(), overBytes - done.bytes());
        if (done.lastSeq() < 0 && rest.lastSeq() < 0) {
            return 0;
        }
        delete(writer, doneWith, done.lastSeq());
        delete(writer, notDoneWith, rest.lastSeq());
        writer.commit();
        synchronized (this) {
            runs -= done.runs() + rest.runs();
            bytes -= done.bytes() + rest.bytes();
        }
        evicted.addAndGet(done.runs() + rest.runs());
        if (rest.waiting() > 0) {
            long before = evictedUnsent.getAndAdd(rest.waiting());
            if (before == 0 || before / 100 != (before + rest.waiting()) / 100) {
                log.warn("the journal {} is over its limits (journal.max_runs {}, journal.max_bytes {}) with results still"
                        + " waiting for the saver: removed the oldest {} of them unsent ({} so far); bring the saver back"
                        + " or raise the limits", file, maxRuns, maxBytes, rest.waiting(), before + rest.waiting());
            }
        }
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA incremental_vacuum");
        }
        return rest.waiting();
    }

    private static Oldest oldest(Connection writer, String kind, long needRuns, long needBytes) throws SQLException {
        long removedRuns = 0;
        long removedBytes = 0;
        long lastSeq = -1;
        long waiting = 0;
        try (PreparedStatement s = writer.prepareStatement("SELECT seq, bytes, saver_state = 'pending' FROM runs WHERE " + kind
                + " ORDER BY seq");
             ResultSet r = s.executeQuery()) {
            while ((removedRuns < needRuns || removedBytes < needBytes) && r.next()) {
                lastSeq = r.getLong(1);
                removedBytes += r.getLong(2);
                removedRuns++;
                if (r.getInt(3) == 1) {
                    waiting++;
                }
            }
        }
        return new Oldest(removedRuns, removedBytes, lastSeq, waiting);
    }

    private static void delete(Connection writer, String kind, long upToSeq) throws SQLException {
        if (upToSeq < 0) {
            return;
        }
        try (PreparedStatement d = writer.prepareStatement("DELETE FROM runs WHERE seq <= ? AND " + kind)) {
            d.setLong(1, upToSeq);
            d.executeUpdate();
        }
    }
}
