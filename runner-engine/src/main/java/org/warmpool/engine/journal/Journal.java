package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalEntry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 256;
    private static final java.time.Duration REPLY_WAIT = java.time.Duration.ofSeconds(5);
    private static final Recording NOT_RECORDED = new Recording(null);

    private final JournalConfig config;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private volatile String problem = "";
    private volatile boolean closed;
    private long runs;
    private long bytes;

    private Journal(JournalConfig config, Connection writer, Connection reader) throws SQLException {
        this.config = config;
        this.writer = writer;
        this.reader = reader;
        try (Statement s = writer.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(bytes), 0) FROM runs")) {
            r.next();
            runs = r.getLong(1);
            bytes = r.getLong(2);
        }
        thread = new Thread(this::writeLoop, "warmpool-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens (creating if needed) the journal. A file that is not a usable database is moved aside
     * to {@code <name>.unreadable-<time>} and a new one started, so nothing is lost and recording
     * goes on.
     *
     * @return {@code null} when recording is switched off
     */
    public static Journal open(JournalConfig config) throws IOException {
        if (!config.enabled()) {
            return null;
        }
        Path file = config.file().toAbsolutePath();
        Files.createDirectories(file.getParent());
        try {
            return openAt(config, file);
        } catch (SQLException first) {
            if (!Files.exists(file)) {
                throw new IOException("cannot create the journal " + file + ": " + first.getMessage(), first);
            }
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + Instant.now().toString().replace(':', '-'));
            log.error("the journal {} cannot be opened ({}); moved it to {} and started a new one", file, first.getMessage(), aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                return openAt(config, file);
            } catch (SQLException second) {
                throw new IOException("cannot create the journal " + file + ": " + second.getMessage(), second);
            }
        }
    }

    private static Journal openAt(JournalConfig config, Path file) throws SQLException {
        String url = "jdbc:sqlite:" + file;
        Connection w = DriverManager.getConnection(url);
        try {
            try (Statement s = w.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                // auto_vacuum only takes effect on a new database, before its first table
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                    String verdict = r.next() ? r.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw new SQLException("integrity check failed: " + verdict);
                    }
                }
                s.execute("""
                        CREATE TABLE IF NOT EXISTS runs (
                          seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                          client_id   TEXT    NOT NULL,
                          door        TEXT    NOT NULL,
                          image       TEXT    NOT NULL,
                          max_seconds INTEGER NOT NULL,
                          files_back  INTEGER NOT NULL,
                          received_at INTEGER NOT NULL,
                          tgz         BLOB    NOT NULL,
                          bytes       INTEGER NOT NULL,
                          finished_at INTEGER,
                          outcome     TEXT,
                          total_ms    INTEGER,
                          warm        INTEGER,
                          reply       TEXT
                        )""");
                s.execute("CREATE INDEX IF NOT EXISTS runs_received ON runs(received_at)");
                s.execute("CREATE INDEX IF NOT EXISTS runs_image ON runs(image, received_at)");
                s.execute("CREATE INDEX IF NOT EXISTS runs_outcome ON runs(outcome, received_at)");
            }
            Connection r = DriverManager.getConnection(url);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            return new Journal(config, w, r);
        } catch (SQLException e) {
            try {
                w.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
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
        if (closed) {
            return NOT_RECORDED;
        }
        Recording recording = new Recording(this);
        queue.add(new Insert(recording, door, id, image, maxSeconds, filesBack, System.currentTimeMillis(), tgz));
        return recording;
    }

    /** What the journal holds and whether it is well. */
    public Stats stats() {
        synchronized (this) {
            return new Stats(config.file(), runs, bytes, recorded.get(), evicted.get(), queue.size(), problem);
        }
    }

    /**
     * @param recorded runs recorded since this journal was opened
     * @param evicted  runs removed to stay within the limits since it was opened
     * @param pending  writes queued
     * @param problem  empty when well; otherwise what went wrong last
     */
    public record Stats(Path file, long runs, long bytes, long recorded, long evicted, int pending, String problem) {
    }

    /** The most recent runs matching {@code filter}, oldest first, at most {@code limit}. */
    public List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT * FROM (SELECT seq, client_id, door, image, max_seconds, files_back, received_at, finished_at,"
                + " outcome, total_ms, warm, reply, length(tgz) FROM runs WHERE " + JournalSql.where(filter, args)
                + " ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        args.add(Math.max(0, limit));
        synchronized (reader) {
            try (PreparedStatement s = reader.prepareStatement(sql)) {
                bind(s, args);
                List<JournalEntry> entries = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long finished = r.getLong(8);
                        boolean hasFinished = !r.wasNull();
                        long total = r.getLong(10);
                        boolean hasTotal = !r.wasNull();
                        int warm = r.getInt(11);
                        boolean hasWarm = !r.wasNull();
                        entries.add(new JournalEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5),
                                r.getInt(6) != 0, Instant.ofEpochMilli(r.getLong(7)), hasFinished ? Instant.ofEpochMilli(finished) : null,
                                r.getString(9), hasTotal ? total : -1, hasWarm ? warm != 0 : null, r.getString(12), r.getLong(13)));
                    }
                }
                return entries;
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + config.file() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The archive of run {@code seq} as it was received. */
    public byte[] tgz(long seq) throws IOException {
        synchronized (reader) {
            try (PreparedStatement s = reader.prepareStatement("SELECT tgz FROM runs WHERE seq = ?")) {
                s.setLong(1, seq);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IOException("run " + seq + " is not in the journal (evicted, or never recorded)");
                    }
                    return r.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + config.file() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes the runs matching {@code filter} into {@code folder}: one {@code <seq>-<id>.tgz} per run
     * and {@code results.jsonl}, a line per run with its header, file name and reply.
     *
     * @return how many runs were exported
     */
    public int export(JournalFilter filter, int limit, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<JournalEntry> entries = find(filter, limit);
        try (Writer lines = Files.newBufferedWriter(folder.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
            for (JournalEntry e : entries) {
                String name = fileName(e);
                Files.write(folder.resolve(name), tgz(e.seq()));
                ObjectNode line = JSON.createObjectNode();
                line.put("seq", e.seq()).put("id", e.id()).put("door", e.door()).put("image", e.image())
                        .put("max_seconds", e.maxSeconds()).put("files_back", e.filesBack())
                        .put("received_at", e.receivedAt().toString()).put("file", name);
                if (e.outcome() != null) {
                    line.put("outcome", e.outcome());
                }
                if (e.reply() != null) {
                    line.set("reply", JSON.readTree(e.reply()));
                }
                lines.write(line.toString());
                lines.write('\n');
            }
        }
        return entries.size();
    }

    /** {@code <seq>-<id>.tgz}, with anything but letters, digits, dot, dash and underscore in the id made safe. */
    public static String fileName(JournalEntry e) {
        String id = e.id().replaceAll("[^A-Za-z0-9._-]", "_");
        return String.format("%08d-%s.tgz", e.seq(), id.length() > 64 ? id.substring(0, 64) : id);
    }

    /** Writes what is queued, then closes the database. */
    @Override
    public void close() {
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
        synchronized (reader) {
            try {
                reader.close();
            } catch (SQLException e) {
                log.debug("closing the journal's reader", e);
            }
        }
    }

    /** One submission's place in the journal. */
    public static final class Recording {
        private final Journal journal;
        final CompletableFuture<Long> seq = new CompletableFuture<>();

        Recording(Journal journal) {
            this.journal = journal;
        }

        /**
         * Records the reply. The future completes once it is committed (or once the journal has
         * failed or closed): send the reply then. It never completes exceptionally.
         *
         * @param outcome red/amber/green/timed_out/faulty, or {@code error:<code>} for an error reply
         */
        public CompletableFuture<Void> finish(String outcome, long totalMillis, Boolean warm, String reply) {
            if (journal == null || journal.closed && journal.queue.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            Update update = new Update(this, System.currentTimeMillis(), outcome, totalMillis, warm, reply);
            journal.queue.add(update);
            // a journal that has stopped writing (its thread gone, the disk hanging) must not hold replies back
            return update.done.completeOnTimeout(null, REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The journal's number for this submission, once written. */
        public CompletableFuture<Long> seq() {
            return seq;
        }
    }

    private sealed interface Op permits Insert, Update, Stop {
    }

    private record Insert(Recording recording, String door, String id, String image, int maxSeconds, boolean filesBack,
                          long receivedAt, Supplier<byte[]> tgz) implements Op {
    }

    private record Update(Recording recording, long finishedAt, String outcome, long totalMillis, Boolean warm, String reply,
                          CompletableFuture<Void> done) implements Op {
        Update(Recording recording, long finishedAt, String outcome, long totalMillis, Boolean warm, String reply) {
            this(recording, finishedAt, outcome, totalMillis, warm, reply, new CompletableFuture<>());
        }
    }

    private record Stop() implements Op {
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
            writer.close();
        } catch (SQLException e) {
            log.debug("closing the journal's writer", e);
        }
    }

    private void write(List<Op> batch) {
        long addedRuns = 0;
        long addedBytes = 0;
        List<Runnable> afterCommit = new ArrayList<>();
        try {
            writer.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO runs (client_id, door, image, max_seconds,"
                    + " files_back, received_at, tgz, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement update = writer.prepareStatement("UPDATE runs SET finished_at = ?, outcome = ?, total_ms = ?,"
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
                        }
                        afterCommit.add(() -> up.done().complete(null));
                    }
                }
            }
            writer.commit();
            synchronized (this) {
                runs += addedRuns;
                bytes += addedBytes;
            }
            recorded.addAndGet(addedRuns);
            if (!problem.isEmpty()) {
                log.info("the journal {} is writable again", config.file());
                problem = "";
            }
            evictIfOver();
        } catch (SQLException | RuntimeException e) {
            rollback();
            String now = "cannot write the journal " + config.file() + ": " + e.getMessage();
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

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the connection is already unusable
        }
    }

    /** Removes the oldest runs until both limits hold, then returns their pages to the file system. */
    private void evictIfOver() throws SQLException {
        long overRuns;
        long overBytes;
        synchronized (this) {
            overRuns = runs - config.maxRuns();
            overBytes = bytes - config.maxBytes();
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

    private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, (String) a);
            }
        }
    }
}
