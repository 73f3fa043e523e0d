package org.warmpool.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The room at one instant: a row per participant of the current session, in the order of their
 * names (case ignored), so that rows keep their places as runs arrive.
 *
 * @param version      grows with every change: the same version is the same room
 * @param sessionStart when the current session began; {@code null} when no session was ever marked
 *                     (the room is then everything the journal holds)
 * @param problem      why the room is empty when it cannot be otherwise (recording is off, the journal did
 *                     not open); empty when the room works
 * @param rows         one per participant
 */
public record RoomSnapshot(long version, Instant sessionStart, String problem, List<RoomRow> rows) {
    public RoomSnapshot {
        rows = List.copyOf(rows);
        problem = problem == null ? "" : problem;
    }

    /** A participant's row; empty when they have no light in this session. */
    public Optional<RoomRow> row(String participant) {
        return rows.stream().filter(r -> r.participant().equals(participant)).findFirst();
    }

    /** Lights in the whole room. */
    public int lightCount() {
        return rows.stream().mapToInt(r -> r.lights().size()).sum();
    }
}
