package org.warmpool.engine.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.api.RoomRun;
import org.warmpool.engine.api.RoomSnapshot;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The room over the journal: the current session's lights held in a {@link RoomBook}, loaded when
 * the journal opens and fed by it as replies are committed (before each reply leaves, so whoever got
 * one finds it in the room); runs read back from the journal in full; the session mark kept in it.
 */
public final class RoomService implements Room {
    /** A room loads at most this many of its session's most recent lights when it opens. */
    public static final int MAX_LOADED = 20_000;
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final RoomBook book;
    private final Clock clock;

    private RoomService(Journal journal, RoomBook book, Clock clock) {
        this.journal = journal;
        this.book = book;
        this.clock = clock;
    }

    /** The room of {@code journal}'s current session, live from now on. */
    public static RoomService over(Journal journal) {
        return over(journal, Clock.systemUTC());
    }

    static RoomService over(Journal journal, Clock clock) {
        RoomBook book = new RoomBook("");
        journal.onFinished(book::add); // first: a run finishing while the room loads is not missed (add keeps one of each)
        try {
            Instant start = journal.sessionStart().orElse(null);
            book.session(start);
            book.add(journal.finishedSince(start, MAX_LOADED));
        } catch (IOException e) {
            log.warn("the room could not read the journal's session: {}", e.getMessage());
        }
        return new RoomService(journal, book, clock);
    }

    /** A room that stays empty, saying why (recording is off, or the journal did not open). */
    public static RoomService without(String problem) {
        return new RoomService(null, new RoomBook(problem == null || problem.isBlank()
                ? "The room shows what the journal records, and recording is off (journal.enabled is false, or --no-journal)."
                : problem), Clock.systemUTC());
    }

    @Override
    public RoomSnapshot snapshot() {
        return book.snapshot();
    }

    @Override
    public RoomSnapshot newSession() throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as the journal keeps it
        journal().markSession(now);
        book.session(now);
        return book.snapshot();
    }

    @Override
    public RoomRun run(long seq) throws IOException {
        Journal j = journal();
        JournalEntry e = j.entry(seq).orElseThrow(() -> new IOException("run " + seq
                + " is no longer in the journal (the oldest runs go when it reaches its limits)"));
        if (e.reply() == null || e.outcome() == null || e.outcome().startsWith("error")) {
            throw new IOException("run " + seq + " has no traffic light: " + (e.outcome() == null ? "its reply never came" : e.outcome()));
        }
        JsonNode reply = JSON.readTree(e.reply());
        byte[] tgz = j.tgz(seq);
        Light light = new Light(seq, e.receivedAt(), e.image(), Outcome.fromWireName(e.outcome()), Math.max(0, e.totalMillis()));
        return new RoomRun(light, e.participantOrAnonymous(), e.id(), e.door(), e.maxSeconds(), reply.path("status").asText(""),
                Boolean.TRUE.equals(e.warm()), files(tgz), output(reply.path("stdout")), output(reply.path("stderr")),
                output(reply.path("log")), tgz);
    }

    @Override
    public String csv() {
        return RoomCsv.of(snapshot());
    }

    @Override
    public int exportSession(Path folder) throws IOException {
        Instant start = book.sessionStart();
        return journal().export(start == null ? JournalFilter.ALL : JournalFilter.since(start), Integer.MAX_VALUE, folder);
    }

    private Journal journal() throws IOException {
        if (journal == null) {
            throw new IOException(book.snapshot().problem());
        }
        return journal;
    }

    /** The submitted files as text, in the archive's order. */
    static Map<String, Output> files(byte[] tgz) {
        Map<String, Output> files = new LinkedHashMap<>();
        SubmissionFiles unpacked;
        try {
            unpacked = TgzReader.read(tgz, ArchiveLimits.defaults());
        } catch (ArchiveException e) {
            files.put("(the archive)", Output.of("Cannot show its files: " + e.getMessage()));
            return files;
        }
        for (String path : unpacked.paths()) {
            byte[] bytes = unpacked.get(path);
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
                files.put(path, Output.fromBytes(bytes, false));
            } catch (CharacterCodingException binary) {
                files.put(path, Output.of("(not text: " + bytes.length + " bytes)"));
            }
        }
        return files;
    }

    /** A reply's {@code {"content": …, "truncated": …}}; the HTTP door's plain-string log is read too. */
    private static Output output(JsonNode node) {
        if (node.isTextual()) {
            return Output.of(node.asText());
        }
        return new Output(node.path("content").asText(""), node.path("truncated").asBoolean(false));
    }
}
