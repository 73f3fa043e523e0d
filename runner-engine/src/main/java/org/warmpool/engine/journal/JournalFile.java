package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Opens the journal's SQLite file, ready to write: checked, in WAL mode, at the {@link Schema}'s
 * latest version. A file that is not a usable database is moved aside and a new one started; a
 * file written by a newer Warmpool is refused and left alone.
 */
final class JournalFile {
    private static final Logger log = LoggerFactory.getLogger(JournalFile.class);

    private JournalFile() {
    }

    /**
     * The open file: a connection for the writer thread, one for queries, one for the saver's
     * outbox, and what it holds.
     *
     * @param runs         runs in it
     * @param bytes        their archive and reply bytes
     * @param lastSeq      the newest run's number (0 for none): runs after it are recorded from now on
     * @param saverPending results in it waiting for the saver
     */
    record Opened(Connection writer, Connection reader, Connection outbox, long runs, long bytes, long lastSeq, long saverPending) {
    }

    /**
     * Opens (creating if needed) the journal at {@code file}. A file that is not a usable database
     * is moved to {@code <name>.unreadable-<time>} (with its {@code -wal} and {@code -shm}) and a
     * new one started, so nothing is lost and recording goes on.
     *
     * @throws IOException when no journal can be created there, or the file is refused (a newer
     *                     Warmpool wrote it, or it could not be brought to this version)
     */
    static Opened open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            return openAt(file);
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
                return openAt(file);
            } catch (SQLException second) {
                throw new IOException("cannot create the journal " + file + ": " + second.getMessage(), second);
            }
        }
    }

    private static Connection readingConnection(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * @throws SQLException when the file is not a database SQLite can use (the caller moves it aside)
     * @throws IOException  when it is one, but refused
     */
    private static Opened openAt(Path file) throws SQLException, IOException {
        String url = "jdbc:sqlite:" + file;
        Connection w = DriverManager.getConnection(url);
        try {
            try (Statement s = w.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                // before anything is changed in a file from a newer build
                Schema.checkNotNewer(w, file);
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
            }
            Schema.migrate(w, file);
            long runs;
            long bytes;
            long lastSeq;
            long saverPending;
            try (Statement s = w.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(bytes), 0), coalesce(max(seq), 0) FROM runs")) {
                r.next();
                runs = r.getLong(1);
                bytes = r.getLong(2);
                lastSeq = r.getLong(3);
            }
            try (Statement s = w.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM runs WHERE saver_state = 'pending'")) {
                r.next();
                saverPending = r.getLong(1);
            }
            Connection r = readingConnection(url);
            try {
                return new Opened(w, r, readingConnection(url), runs, bytes, lastSeq, saverPending);
            } catch (SQLException e) {
                r.close();
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                w.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }
}
