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

    /** The most recent runs matching {@code filter}, oldest first, at most {@code limit}. */
    List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT * FROM (SELECT seq, client_id, door, image, max_seconds, files_back, received_at, finished_at,"
                + " outcome, total_ms, warm, reply, length(tgz) FROM runs WHERE " + JournalSql.where(filter, args)
                + " ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        args.add(Math.max(0, limit));
        synchronized (connection) {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
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
                throw new IOException("cannot read the journal " + file + ": " + e.getMessage(), e);
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
