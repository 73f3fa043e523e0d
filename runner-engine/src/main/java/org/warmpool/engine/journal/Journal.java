package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every accepted submission (header and archive) and its reply, in an SQLite database in the
 * user's data directory.
 *
 * <p>One writer thread owns the database and commits in groups: whatever is queued when it wakes
 * goes in one transaction. A submission is queued when it is accepted and written while its
 * container runs; its reply is queued when the run ends, and the door sends the reply once the
 * writer has committed it ({@link Recording#finish}). The database is in WAL mode with
 * {@code synchronous=NORMAL}: a commit is an append to the write-ahead log without fsync, so it
 * costs the reply well under a millisecond, and it survives the process being killed (kill -9);
 * only a power cut can take the last commits, never the database's integrity.
 *
 * <p>The journal never fails a run: when the disk is full or the file is unusable it logs, shows
 * the problem in {@link #stats()}, and lets replies through.
 *
 * <p>It is also the {@link Saver}'s outbox: a result finished with a saver that forwards from this
 * journal waits in it, marked, until the saver has it ({@link Outbox}), so results not yet
 * forwarded survive a restart.
 *
 * <p>Its parts: {@link JournalFile} opens the file and {@link Schema} brings it to this build's
 * version; {@link JournalWriter} is the writer thread, {@link Retention} keeps the limits,
 * {@link JournalReader} answers queries and exports, and {@link Outbox} is the saver's view.
 */
public final class Journal implements AutoCloseable {
    private static final Recording NOT_RECORDED = new Recording(null, null, null, null, 0);

    private final JournalConfig config;
    private final Retention retention;
    private final JournalWriter writer;
    private final JournalReader reader;
    private final Outbox outbox;

    private Journal(JournalConfig config, JournalFile.Opened file, Duration fullPatience) {
        this.config = config;
        this.retention = new Retention(config, file.runs(), file.bytes(), file.lastSeq());
        retention.keepReserve();
        this.writer = new JournalWriter(config.file(), file.writer(), retention, file.saverPending(), fullPatience);
        this.reader = new JournalReader(config.file(), file.reader());
        this.outbox = new Outbox(config.file(), file.outbox(), writer, retention);
    }

    /**
     * Opens (creating if needed) the journal and brings its schema to this build's version. A file
     * that is not a usable database is moved aside to {@code <name>.unreadable-<time>} and a new one
     * started, so nothing is lost and recording goes on. A journal written by a newer Warmpool is
     * refused and left as it is.
     *
     * @return {@code null} when recording is switched off
     * @throws IOException when no journal can be created there, or the file is refused; the
     *                     message says which, for an operator
     */
    public static Journal open(JournalConfig config) throws IOException {
        return open(config, JournalWriter.FULL_PATIENCE);
    }

    /** As {@link #open(JournalConfig)}, making room after {@code fullPatience} of a full disk. */
    static Journal open(JournalConfig config, Duration fullPatience) throws IOException {
        if (!config.enabled()) {
            return null;
        }
        return new Journal(config, JournalFile.open(config.file().toAbsolutePath()), fullPatience);
    }

    public JournalConfig config() {
        return config;
    }

    /**
     * Records an accepted submission; the archive is written by the journal's own thread while
     * the run goes on.
     *
     * @param tgz the archive as received, or a way to pack one (HTTP submissions carry files)
     */
    public Recording accepted(String door, String id, String image, int maxSeconds, boolean filesBack, Supplier<byte[]> tgz) {
        return accepted(door, id, null, image, maxSeconds, filesBack, tgz);
    }

    /**
     * As above, sent by {@code participant} ({@code null}: anonymous).
     */
    public Recording accepted(String door, String id, String participant, String image, int maxSeconds, boolean filesBack,
                              Supplier<byte[]> tgz) {
        if (writer.closed()) {
            return NOT_RECORDED;
        }
        return writer.accepted(door, id, participant, image, maxSeconds, filesBack, tgz);
    }

    /**
     * Tells {@code listener}, on the journal's writer thread right after each commit, which runs
     * got their replies in it (in the order they were committed). It must be quick and must not
     * call back into the journal's writing.
     */
    public void onFinished(Consumer<List<Finished>> listener) {
        writer.onFinished(listener);
    }

    /** When the room's current session began; empty when no session was ever marked (the room is the whole journal). */
    public Optional<Instant> sessionStart() throws IOException {
        return reader.sessionStart();
    }

    /** Marks a new session as beginning at {@code at}; the journal keeps every run. */
    public void markSession(Instant at) throws IOException {
        reader.markSession(at);
    }

    /**
     * The finished runs received at or after {@code since} ({@code null}: all), the most recent
     * {@code limit} of them, oldest first; lean (no archives, no replies) for the room.
     */
    public List<Finished> finishedSince(Instant since, int limit) throws IOException {
        return reader.finishedSince(since, limit);
    }

    /** A run with its reply, read again; empty when it is not in the journal (evicted, or never recorded). */
    public Optional<JournalEntry> entry(long seq) throws IOException {
        return reader.entry(seq);
    }

    /** What the journal holds and whether it is well; {@link JournalStatus#recording()} is true. */
    public JournalStatus stats() {
        Retention.Held held = retention.held();
        return new JournalStatus(true, config.file(), held.runs(), held.bytes(), writer.recorded(), retention.evicted(),
                writer.pending(), writer.problem());
    }

    /**
     * The journal's results for a saver by what became of them, counted in the file (runs recorded
     * with no saver are in none).
     *
     * @param pending  waiting to be forwarded
     * @param sent     taken by the saver
     * @param rejected refused by it for good
     */
    public record SaverCounts(long pending, long sent, long rejected) {
    }

    /** Counts the results for a saver in the file: a scan of the table, for a command rather than every frame. */
    public SaverCounts saverCounts() throws IOException {
        return outbox.counts();
    }

    Outbox outbox() {
        return outbox;
    }

    /** The most recent runs matching {@code filter}, oldest first, at most {@code limit}. */
    public List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
        return reader.find(filter, limit);
    }

    /** The archive of run {@code seq} as it was received. */
    public byte[] tgz(long seq) throws IOException {
        return reader.tgz(seq);
    }

    /**
     * Writes the runs matching {@code filter} into {@code folder}: one {@code <seq>-<id>.tgz} per run
     * and {@code results.jsonl}, a line per run with its header, file name and reply.
     *
     * @return how many runs were exported
     */
    public int export(JournalFilter filter, int limit, Path folder) throws IOException {
        return reader.export(filter, limit, folder);
    }

    /** {@code <seq>-<id>.tgz}, with anything but letters, digits, dot, dash and underscore in the id made safe. */
    public static String fileName(JournalEntry e) {
        return JournalReader.fileName(e);
    }

    /** Writes what is queued, then closes the database. */
    @Override
    public void close() {
        if (writer.closed()) {
            return;
        }
        writer.close();
        reader.close();
        outbox.close();
    }

    /**
     * A run whose reply is in the journal, as the room needs it.
     *
     * @param participant who sent it; {@code null} for anonymous
     * @param outcome     red/amber/green/timed_out/faulty, or {@code error:<code>}
     * @param totalMillis the run's total time; -1 without one
     */
    public record Finished(long seq, String participant, String door, String image, Instant receivedAt, String outcome,
                           long totalMillis) {
    }

    /** One submission's place in the journal. */
    public static final class Recording {
        private final JournalWriter writer;
        final CompletableFuture<Long> seq = new CompletableFuture<>();
        final String door;
        final String participant;
        final String image;
        final long receivedAt;

        Recording(JournalWriter writer, String door, String participant, String image, long receivedAt) {
            this.writer = writer;
            this.door = door;
            this.participant = participant;
            this.image = image;
            this.receivedAt = receivedAt;
        }

        /**
         * Records the reply. The future completes once it is committed (or once the journal has
         * failed or closed): send the reply then. It never completes exceptionally.
         *
         * @param outcome red/amber/green/timed_out/faulty, or {@code error:<code>} for an error reply (a
         *                submission its client cancelled: {@code error:cancelled})
         */
        public CompletableFuture<Void> finish(String outcome, long totalMillis, Boolean warm, String reply) {
            return finish(outcome, totalMillis, warm, reply, null);
        }

        /**
         * Records the reply, as {@link #finish(String, long, Boolean, String)}, and forwards the
         * result ({@code reply}) to {@code saver}. When the saver forwards from this journal, the
         * result waits in it (marked in the same commit) until the saver has it, also across a
         * restart; otherwise, or when the journal cannot take it, it waits in the saver's memory.
         *
         * @param saver {@code null} to forward nothing
         */
        public CompletableFuture<Void> finish(String outcome, long totalMillis, Boolean warm, String reply, Saver saver) {
            Saver inJournal = saver;
            if (saver != null && (writer == null || !saver.forwardsFrom(writer))) {
                saver.forward(reply);
                inJournal = null;
            }
            if (writer == null) {
                return CompletableFuture.completedFuture(null);
            }
            return writer.finished(this, outcome, totalMillis, warm, reply, inJournal);
        }

        /** The journal's number for this submission, once written. */
        public CompletableFuture<Long> seq() {
            return seq;
        }
    }
}
