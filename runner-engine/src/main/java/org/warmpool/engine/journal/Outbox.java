package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The saver's outbox, which is the journal itself: the results marked {@code saver_state =
 * 'pending'} (see {@link Schema}), read in journal order on a connection of its own, and marked
 * sent or rejected through the {@link JournalWriter}, the one that writes. Used by the saver's thread.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Path file;
    private final Connection connection;
    private final JournalWriter writer;
    private final Retention retention;

    /**
     * A result waiting for the saver.
     *
     * @param key  its {@code Idempotency-Key}, the same for every attempt
     * @param body the result JSON, as its client received it
     */
    record Pending(long seq, String id, String key, String body) {
    }

    Outbox(Path file, Connection connection, JournalWriter writer, Retention retention) {
        this.file = file;
        this.connection = connection;
        this.writer = writer;
        this.retention = retention;
    }

    /** The next results waiting, after run {@code seq}, in journal order, at most {@code limit}. */
    List<Pending> after(long seq, int limit) throws IOException {
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement("SELECT seq, client_id, saver_key, reply FROM runs"
                    + " WHERE saver_state = 'pending' AND seq > ? ORDER BY seq LIMIT ?")) {
                s.setLong(1, seq);
                s.setInt(2, limit);
                List<Pending> pending = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        pending.add(new Pending(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
                return pending;
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** See {@link Journal#saverCounts()}. */
    Journal.SaverCounts counts() throws IOException {
        synchronized (connection) {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT saver_state, count(*) FROM runs WHERE saver_state IS NOT NULL GROUP BY saver_state")) {
                long pending = 0;
                long sent = 0;
                long rejected = 0;
                while (r.next()) {
                    switch (r.getString(1)) {
                        case "pending" -> pending = r.getLong(2);
                        case "sent" -> sent = r.getLong(2);
                        case "rejected" -> rejected = r.getLong(2);
                        default -> log.debug("a saver state this build does not know: {}", r.getString(1));
                    }
                }
                return new Journal.SaverCounts(pending, sent, rejected);
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Results waiting, as committed. */
    long pending() {
        return writer.saverPending();
    }

    /** Results retention removed while they waited, since the journal was opened. */
    long evictedUnsent() {
        return retention.evictedUnsent();
    }

    /** The saver took it; the future says whether that is written. */
    CompletableFuture<Boolean> sent(long seq) {
        return writer.mark(seq, "sent", null);
    }

    /** The saver refused it for good, saying {@code reason}. */
    CompletableFuture<Boolean> rejected(long seq, String reason) {
        return writer.mark(seq, "rejected", reason);
    }

    /** An attempt failed ({@code why}); it waits for the next. */
    CompletableFuture<Boolean> failed(long seq, String why) {
        return writer.mark(seq, "pending", why);
    }

    /** Empty when the journal's last write went in; otherwise why not. */
    String problem() {
        return writer.problem();
    }

    Path file() {
        return file;
    }

    /** Whether results queued through {@code w} land here. */
    boolean writtenBy(JournalWriter w) {
        return writer == w;
    }

    boolean closed() {
        return writer.closed();
    }

    void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the journal's outbox", e);
            }
        }
    }
}
