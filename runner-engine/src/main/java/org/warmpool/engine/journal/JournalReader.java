package org.warmpool.engine.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the journal for people, on a connection of its own so that queries never wait for the
 * writer (WAL lets them read the last commit while it writes): the runs a filter selects, a run's
 * archive, and an export of both to a folder. One query at a time.
 */
final class JournalReader {
    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Connection connection;

    JournalReader(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    private static final String ENTRY_COLUMNS = "seq, client_id, door, image, max_seconds, files_back, received_at, finished_at,"
            + " outcome, total_ms, warm, reply, length(tgz), participant";

    /** The most recent runs matching {@code filter}, oldest first, at most {@code limit}. */
    List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT * FROM (SELECT " + ENTRY_COLUMNS + " FROM runs WHERE " + JournalSql.where(filter, args)
                + " ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        args.add(Math.max(0, limit));
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                bind(s, args);
                List<JournalEntry> entries = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        entries.add(entry(r));
                    }
                }
                return entries;
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Run {@code seq} with its reply; empty when it is not in the journal. */
    Optional<JournalEntry> entry(long seq) throws IOException {
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM runs WHERE seq = ?")) {
                s.setLong(1, seq);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(entry(r)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static JournalEntry entry(ResultSet r) throws SQLException {
        long finished = r.getLong(8);
        boolean hasFinished = !r.wasNull();
        long total = r.getLong(10);
        boolean hasTotal = !r.wasNull();
        int warm = r.getInt(11);
        boolean hasWarm = !r.wasNull();
        return new JournalEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5),
                r.getInt(6) != 0, Instant.ofEpochMilli(r.getLong(7)), hasFinished ? Instant.ofEpochMilli(finished) : null,
                r.getString(9), hasTotal ? total : -1, hasWarm ? warm != 0 : null, r.getString(12), r.getLong(13),
                r.getString(14));
    }

    /** See {@link Journal#finishedSince}. */
    List<Journal.Finished> finishedSince(Instant since, int limit) throws IOException {
        String sql = "SELECT * FROM (SELECT seq, participant, door, image, received_at, outcome, total_ms FROM runs"
                + " WHERE outcome IS NOT NULL AND received_at >= ? ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setLong(1, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                s.setInt(2, Math.max(0, limit));
                List<Journal.Finished> runs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long total = r.getLong(7);
                        runs.add(new Journal.Finished(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                Instant.ofEpochMilli(r.getLong(5)), r.getString(6), r.wasNull() ? -1 : total));
                    }
                }
                return runs;
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The latest session mark; empty when there is none. */
    Optional<Instant> sessionStart() throws IOException {
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement("SELECT max(started_at) FROM room_sessions");
                 ResultSet r = s.executeQuery()) {
                long at = r.next() ? r.getLong(1) : 0;
                return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Adds a session mark. A rare write of a few bytes, made on this connection (SQLite takes its
     * write lock, and waits for the writer's commit if one is going), so that the writer thread's
     * batches stay only runs and replies.
     */
    void markSession(Instant at) throws IOException {
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO room_sessions (started_at) VALUES (?)")) {
                s.setLong(1, at.toEpochMilli());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot write the session mark into the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The archive of run {@code seq} as it was received. */
    byte[] tgz(long seq) throws IOException {
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement("SELECT tgz FROM runs WHERE seq = ?")) {
                s.setLong(1, seq);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IOException("run " + seq + " is not in the journal (evicted, or never recorded)");
                    }
                    return r.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes the runs matching {@code filter} into {@code folder}: one {@code <seq>-<id>.tgz} per run
     * and {@code results.jsonl}, a line per run with its header, file name and reply.
     *
     * @return how many runs were exported
     */
    int export(JournalFilter filter, int limit, Path folder) throws IOException {
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
                if (e.participant() != null) {
                    line.put("participant", e.participant());
                }
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
    static String fileName(JournalEntry e) {
        String id = e.id().replaceAll("[^A-Za-z0-9._-]", "_");
        return String.format("%08d-%s.tgz", e.seq(), id.length() > 64 ? id.substring(0, 64) : id);
    }

    void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the journal's reader", e);
            }
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
