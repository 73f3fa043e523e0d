package org.warmpool.engine.room;

import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;
import org.warmpool.engine.journal.Journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The room in memory, its one owner: a row per participant of the current session, each an
 * immutable {@link RoomRow} replaced when a light joins it, so a snapshot is a list of references
 * and a reader can tell a changed row by its version. Fed by the journal as replies are committed.
 * Thread-safe.
 */
final class RoomBook {
    /** Names in the order people read them (case ignored), distinct names never merged. */
    private static final Comparator<String> BY_NAME = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final Map<String, RoomRow> rows = new TreeMap<>(BY_NAME);
    private final String problem;
    private Instant sessionStart;
    private long version;
    private RoomSnapshot cached;

    RoomBook(String problem) {
        this.problem = problem;
    }

    /** Starts the session at {@code start} ({@code null}: the whole journal): lights from before it leave the room. */
    synchronized void session(Instant start) {
        sessionStart = start;
        version++;
        if (start == null) {
            return;
        }
        rows.replaceAll((name, row) -> {
            List<Light> kept = row.lights().stream().filter(l -> !l.at().isBefore(start)).toList();
            return kept.size() == row.lights().size() ? row : kept.isEmpty() ? null : new RoomRow(name, kept, version);
        });
        rows.values().removeIf(java.util.Objects::isNull);
    }

    /** Adds runs that have their replies; errors (no light), runs from before the session and runs already here are passed over. */
    synchronized void add(List<Journal.Finished> finished) {
        long next = version + 1;
        boolean changed = false;
        for (Journal.Finished f : finished) {
            Outcome outcome = outcome(f.outcome());
            if (outcome == null || (sessionStart != null && f.receivedAt().isBefore(sessionStart))) {
                continue;
            }
            String name = f.participant() == null ? JournalEntry.ANONYMOUS : f.participant();
            Light light = new Light(f.seq(), f.receivedAt(), f.image(), outcome, Math.max(0, f.totalMillis()));
            RoomRow row = rows.get(name);
            List<Light> lights = row == null ? new ArrayList<>() : new ArrayList<>(row.lights());
            int at = insertionPoint(lights, light.seq());
            if (at < 0) {
                continue; // already here (loaded and told at once)
            }
            lights.add(at, light);
            rows.put(name, new RoomRow(name, lights, next));
            changed = true;
        }
        if (changed) {
            version = next;
        }
    }

    /** Where a light with {@code seq} goes to keep the lights in submission order; -1 when one is there. */
    private static int insertionPoint(List<Light> lights, long seq) {
        int at = lights.size();
        while (at > 0 && lights.get(at - 1).seq() >= seq) {
            if (lights.get(at - 1).seq() == seq) {
                return -1;
            }
            at--;
        }
        return at;
    }

    private static Outcome outcome(String wire) {
        if (wire == null || wire.startsWith("error")) {
            return null;
        }
        try {
            return Outcome.fromWireName(wire);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    synchronized Instant sessionStart() {
        return sessionStart;
    }

    /** The room now; the same object until it changes. */
    synchronized RoomSnapshot snapshot() {
        if (cached == null || cached.version() != version) {
            cached = new RoomSnapshot(version, sessionStart, problem, new ArrayList<>(rows.values()));
        }
        return cached;
    }
}
