package org.warmpool.engine.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The room: every participant's traffic lights in this workshop, as a facilitator watches them
 * (the console's Room tab, and {@code GET /api/room} and the projector page {@code /room} on the
 * HTTP port). The room is what the journal recorded since the current session began; a new
 * session starts an empty room and the journal keeps everything before it.
 *
 * <pre>{@code
 * RoomSnapshot room = warmpool.room().snapshot();          // cheap: held in memory, call it every frame
 * for (RoomRow row : room.rows()) {
 *     if (row.stuck(Instant.now(), Duration.ofMinutes(10))) { ... }
 * }
 * RoomRun run = warmpool.room().run(row.last().seq());     // reads the journal: off a UI thread
 * }</pre>
 */
public interface Room {

    /** The room now: a row per participant, lights in the order they were submitted. */
    RoomSnapshot snapshot();

    /**
     * Starts a new session now: the room is empty until the next run. The mark is kept in the
     * journal, so the room is the same after a restart; every earlier run stays in the journal.
     *
     * @throws IOException when there is no journal, or the mark cannot be written
     */
    RoomSnapshot newSession() throws IOException;

    /**
     * One run in full: its files, stdout, stderr, status.
     *
     * @throws IOException when it is not in the journal any more (evicted), or the journal cannot be read
     */
    RoomRun run(long seq) throws IOException;

    /** The room as CSV, a line per light: {@code participant,time,image,outcome,duration_ms}, with a header line. */
    String csv();

    /**
     * Writes the session's runs into {@code folder} as {@code warmpool journal export} does
     * ({@code <seq>-<id>.tgz} each, and {@code results.jsonl}); returns how many.
     */
    int exportSession(Path folder) throws IOException;
}
