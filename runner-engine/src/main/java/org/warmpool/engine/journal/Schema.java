package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The journal's tables and their versions. A journal's version is SQLite's {@code PRAGMA
 * user_version}: it is at version <i>n</i> once the first <i>n</i> {@link #MIGRATIONS} have run on
 * it. Opening a journal brings it to {@link #LATEST} in one transaction, so a step that fails
 * leaves it exactly as it was; a journal at a version newer than this build knows was written by
 * a newer Warmpool and is refused, untouched.
 *
 * <p>Version 1 is the schema every journal had before versions were counted: those files say
 * {@code user_version = 0} and already hold the runs table, which is why its statements say
 * {@code IF NOT EXISTS} (on them it only stamps the version; on a new file it creates the tables).
 *
 * <p>A schema change is one new method, named on a new line at the end of the list; a step that
 * has shipped is never edited, because journals out there are already past it:
 * <pre>{@code
 * static final List<Migration> MIGRATIONS = List.of(
 *         new Migration(1, "runs and their indexes", Schema::runs),
 *         ...
 *         new Migration(n, "runs name their language", Schema::language));
 *
 * private static void language(Statement s) throws SQLException {
 *     s.execute("ALTER TABLE runs ADD COLUMN language TEXT");
 * }
 * }</pre>
 * plus a test that opens a journal of the version before it and finds its runs kept
 * ({@code JournalSchemaTest}). Steps run inside the transaction, so they cannot do what SQLite
 * will not do in one ({@code VACUUM}, changing {@code journal_mode}, {@code auto_vacuum} or
 * {@code foreign_keys}); to reshape a table beyond {@code ADD COLUMN}, create the new one, copy,
 * drop, rename. The writer names its columns, so a new column needs a default or to be nullable
 * until the writer fills it.
 */
final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** One step of the schema: applied to a journal at {@code version - 1}, it leaves one at {@code version}. */
    record Migration(int version, String name, Step step) {
    }

    /** The statements of a step; {@code s.getConnection()} is there for prepared statements. */
    @FunctionalInterface
    interface Step {
        void apply(Statement s) throws SQLException;
    }

    /** Every step, in order; the i-th (from 0) brings a journal to version i + 1. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "runs and their indexes", Schema::runs),
            new Migration(2, "results wait in the journal until the saver takes them", Schema::saverOutbox),
            new Migration(3, "runs name their participant; the room's sessions", Schema::participants));

    /** The version this build writes. */
    static final int LATEST = MIGRATIONS.size();

    private Schema() {
    }

    /** Version 1: the schema as it was before versions, statement for statement. */
    private static void runs(Statement s) throws SQLException {
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

    /**
     * Version 2: the saver's outbox is the runs table. A result to be forwarded is marked
     * {@code saver_state = 'pending'} with its {@code saver_key} (the {@code Idempotency-Key} of
     * every attempt, before and after a restart) in the commit that writes its reply; the saver
     * sets {@code 'sent'} and {@code forwarded_at} on a 2xx, or {@code 'rejected'} with the reason
     * in {@code saver_error} on a final refusal, and counts failed attempts. Runs from before have
     * no state: they are not for the saver (it forwarded them from memory, or there was none).
     */
    private static void saverOutbox(Statement s) throws SQLException {
        s.execute("ALTER TABLE runs ADD COLUMN saver_state TEXT");
        s.execute("ALTER TABLE runs ADD COLUMN saver_key TEXT");
        s.execute("ALTER TABLE runs ADD COLUMN saver_attempts INTEGER NOT NULL DEFAULT 0");
        s.execute("ALTER TABLE runs ADD COLUMN saver_error TEXT");
        s.execute("ALTER TABLE runs ADD COLUMN forwarded_at INTEGER");
        s.execute("CREATE INDEX runs_saver_pending ON runs(seq) WHERE saver_state = 'pending'");
    }

    /**
     * Version 3: who sent each run (the WebSocket header's {@code participant}, the cyber-dojo
     * {@code id} over HTTP; {@code NULL} for anonymous and for every run recorded before), and the
     * marks that start the room's sessions. Self-contained and idempotent, so that where it lands
     * among other branches' steps does not matter.
     */
    private static void participants(Statement s) throws SQLException {
        boolean has = false;
        try (ResultSet r = s.executeQuery("PRAGMA table_info(runs)")) {
            while (r.next()) {
                has |= "participant".equals(r.getString("name"));
            }
        }
        if (!has) {
            s.execute("ALTER TABLE runs ADD COLUMN participant TEXT");
        }
        s.execute("CREATE INDEX IF NOT EXISTS runs_participant ON runs(participant, received_at)");
        s.execute("CREATE TABLE IF NOT EXISTS room_sessions (started_at INTEGER NOT NULL)");
    }

    /** The journal's version: 0 for a new file, or one from before versions were counted. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /**
     * Refuses a journal from a newer build. Call before changing anything in the file.
     *
     * @throws SQLException when the file is not a database this SQLite can read
     * @throws IOException  when a newer Warmpool wrote it
     */
    static void checkNotNewer(Connection c, Path file) throws SQLException, IOException {
        checkNotNewer(version(c), LATEST, file);
    }

    /** Brings the journal to {@link #LATEST}; see {@link #migrate(Connection, Path, List)}. */
    static void migrate(Connection c, Path file) throws SQLException, IOException {
        migrate(c, file, MIGRATIONS);
    }

    /**
     * Runs the steps the journal has not had yet, all in one transaction, and stamps the new
     * version in it. The write lock is taken first ({@code BEGIN IMMEDIATE}) and the version read
     * again inside, so two processes opening the same old journal migrate it once.
     *
     * @throws SQLException when the version cannot be read (the file is not a database)
     * @throws IOException  when the journal is newer than {@code migrations} know, or a step failed
     *                      (then nothing of it stays)
     */
    static void migrate(Connection c, Path file, List<Migration> migrations) throws SQLException, IOException {
        int latest = migrations.size();
        int before = version(c);
        checkNotNewer(before, latest, file);
        if (before == latest) {
            return;
        }
        boolean wasAutoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            int from = before;
            Migration step = null;
            try {
                s.execute("BEGIN IMMEDIATE");
                from = version(c);
                checkNotNewer(from, latest, file);
                for (Migration m : migrations.subList(from, latest)) {
                    step = m;
                    m.step().apply(s);
                }
                s.execute("PRAGMA user_version = " + latest);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                throw new IOException("cannot bring the journal " + file + " from schema version " + from + " to " + latest
                        + (step == null ? "" : " (step " + step.version() + ", " + step.name() + ")") + ": " + e.getMessage()
                        + "; it is left as it was", e);
            } catch (IOException e) {
                rollback(s);
                throw e;
            }
            if (from < latest) {
                log.info("the journal {} went from schema version {} to {}", file, from, latest);
            }
        } finally {
            c.setAutoCommit(wasAutoCommit);
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            // SQLite ends a transaction by itself on some errors (a full disk), or it never began (busy)
        }
    }

    private static void checkNotNewer(int version, int latest, Path file) throws IOException {
        if (version > latest) {
            throw new IOException("the journal " + file + " was written by a newer Warmpool (schema version " + version
                    + "; this one knows up to " + latest + ") and is left as it is: use that Warmpool,"
                    + " or record into another journal file");
        }
    }
}
