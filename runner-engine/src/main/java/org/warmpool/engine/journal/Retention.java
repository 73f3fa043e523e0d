package org.warmpool.engine.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the journal within its limits ({@link JournalConfig#maxRuns()}, {@link
 * JournalConfig#maxBytes()}): counts what it holds as the writer adds runs, and when either limit
 * is passed removes the oldest runs and returns their pages to the file system. Used by the
 * writer thread only; the counts may be read from any thread.
 */
final class Retention {
    private final long maxRuns;
    private final long maxBytes;
    private final AtomicLong evicted = new AtomicLong();
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

    /** Starts from what the file holds as it is opened. */
    Retention(JournalConfig config, long runs, long bytes) {
        this.maxRuns = config.maxRuns();
        this.maxBytes = config.maxBytes();
        this.runs = runs;
        this.bytes = bytes;
    }

    synchronized Held held() {
        return new Held(runs, bytes);
    }

    /** Runs removed to stay within the limits since the journal was opened. */
    long evicted() {
        return evicted.get();
    }

    /** Counts what a commit added. */
    synchronized void added(long addedRuns, long addedBytes) {
        runs += addedRuns;
        bytes += addedBytes;
    }

    /**
     * Removes the oldest runs until both limits hold, then returns their pages to the file system.
     * Call after a commit, on the writer's connection with auto-commit off; it leaves auto-commit on
     * when it removed anything.
     */
    void evictIfOver(Connection writer) throws SQLException {
        long overRuns;
        long overBytes;
        synchronized (this) {
            overRuns = runs - maxRuns;
            overBytes = bytes - maxBytes;
        }
        if (overRuns <= 0 && overBytes <= 0) {
            return;
        }
        long removedRuns = 0;
        long removedBytes = 0;
        long lastSeq = -1;
        try (PreparedStatement s = writer.prepareStatement("SELECT seq, bytes FROM runs ORDER BY seq");
             ResultSet r = s.executeQuery()) {
            while (r.next() && (removedRuns < overRuns || removedBytes < overBytes)) {
                lastSeq = r.getLong(1);
                removedBytes += r.getLong(2);
                removedRuns++;
            }
        }
        if (lastSeq < 0) {
            return;
        }
        try (PreparedStatement d = writer.prepareStatement("DELETE FROM runs WHERE seq <= ?")) {
            d.setLong(1, lastSeq);
            d.executeUpdate();
        }
        writer.commit();
        synchronized (this) {
            runs -= removedRuns;
            bytes -= removedBytes;
        }
        evicted.addAndGet(removedRuns);
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA incremental_vacuum");
        }
    }
}
