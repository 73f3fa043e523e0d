package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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

    /** Room kept beside the journal ({@code <journal>.reserve}): making room on a full disk needs some itself. */
    static final int RESERVE_BYTES = 4 << 20;
    /** What the write-ahead log grows to between checkpoints (SQLite's default: 1,000 pages of 4 KiB). */
    private static final long WAL_BYTES = 4L << 20;

    private final Path file;
    private final Path reserve;
    private final long maxRuns;
    private long maxBytes;
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
        this.reserve = file.resolveSibling(file.getFileName() + ".reserve");
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
        long limitBytes;
        synchronized (this) {
            limitBytes = maxBytes;
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
                        + " or raise the limits", file, maxRuns, limitBytes, rest.waiting(), before + rest.waiting());
            }
        }
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            if (freePages(s) >= 256) { // less is taken again by the next runs
                returnFreePages(s);
            }
        }
        return rest.waiting();
    }

    /**
     * The journal's disk is full: removes its oldest runs that are done with (never results
     * waiting for the saver, never runs under way) to free about twice what {@code writes} more
     * runs take (at least 1 MiB) besides its reserve and the write-ahead log's own growth, and
     * keeps the journal within what it then holds from now on, so the disk does not fill again.
     * Call on the writer's connection outside a transaction.
     */
    void makeRoom(Connection writer, int writes) throws SQLException {
        long need;
        synchronized (this) {
            need = Math.max(1024 * 1024, 2L * writes * (runs == 0 ? 0 : bytes / runs)) + RESERVE_BYTES + WAL_BYTES;
        }
        writer.setAutoCommit(false);
        Oldest done = oldest(writer, doneWith, 0, need);
        if (done.lastSeq() < 0) {
            writer.setAutoCommit(true);
            log.error("the disk under the journal {} is full and every run in it still waits for the saver or a reply:"
                    + " nothing can make room; free some space on that disk", file);
            return;
        }
        try {
            Files.deleteIfExists(reserve); // the deletes and the checkpoint below need a little room themselves
        } catch (IOException e) {
            log.debug("the journal's reserve", e);
        }
        delete(writer, doneWith, done.lastSeq());
        writer.commit();
        long limit;
        synchronized (this) {
            runs -= done.runs();
            bytes -= done.bytes();
            maxBytes = Math.min(maxBytes, Math.max(bytes, 1024 * 1024));
            limit = maxBytes;
        }
        evicted.addAndGet(done.runs());
        log.warn("the disk under the journal {} stayed full: removed its oldest {} run(s) ({} KiB) to make room for the"
                + " newest; it keeps within {} MiB from now on (journal.max_bytes)", file, done.runs(), done.bytes() / 1024,
                limit / (1024 * 1024));
        writer.setAutoCommit(true);
        try (Statement s = writer.createStatement()) {
            // the log first, so that it has room again
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            returnFreePages(s);
        }
        keepReserve();
    }

    /**
     * Gives the free pages back to the file system: a megabyte at a time, the write-ahead log
     * emptied into the file after each (where the file shrinks), so that the log needs little room.
     */
    private static void returnFreePages(Statement s) throws SQLException {
        for (int step = 0; step < 100_000 && freePages(s) > 0; step++) {
            s.executeUpdate("PRAGMA incremental_vacuum(256)");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static long freePages(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA freelist_count")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Puts the {@link #RESERVE_BYTES} beside the journal back, when the disk has that much room. */
    void keepReserve() {
        if (Files.exists(reserve)) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(reserve)) {
            out.write(new byte[RESERVE_BYTES]);
        } catch (IOException noRoom) {
            try {
                Files.deleteIfExists(reserve);
            } catch (IOException e) {
                log.debug("the journal's reserve", e);
            }
        }
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
