package org.warmpool.app.room;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One participant's row as the Room tab shows it: their lights (the engine's {@link RoomRow},
 * replaced only when a light joins it) and what a facilitator reads beside them. The object lives
 * as long as the session, so the list never rebuilds: a run changes one row's properties. Every
 * property changes on the FX thread.
 */
public final class ParticipantRow {
    private final String name;
    private final ReadOnlyObjectWrapper<RoomRow> row = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastRun = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastGreen = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper stuck = new ReadOnlyBooleanWrapper(false);

    ParticipantRow(RoomRow row) {
        this.name = row.participant();
        show(row);
    }

    /** Takes the engine's new row for this participant. */
    void show(RoomRow now) {
        row.set(now);
        Map<Outcome, Integer> c = now.counts();
        StringBuilder text = new StringBuilder();
        text.append(c.get(Outcome.RED)).append(" red · ").append(c.get(Outcome.AMBER)).append(" amber · ")
                .append(c.get(Outcome.GREEN)).append(" green");
        if (c.get(Outcome.TIMED_OUT) > 0) {
            text.append(" · ").append(c.get(Outcome.TIMED_OUT)).append(" timed out");
        }
        if (c.get(Outcome.FAULTY) > 0) {
            text.append(" · ").append(c.get(Outcome.FAULTY)).append(" faulty");
        }
        counts.set(text.toString());
    }

    /** What changes with the clock: how long ago, and whether they are stuck. */
    void tick(Instant now, Duration stuckAfter) {
        RoomRow r = row.get();
        lastRun.set("last run " + ago(r.lastRun(), now));
        lastGreen.set(r.lastGreen().map(at -> "green " + ago(at, now)).orElse("no green yet"));
        stuck.set(r.stuck(now, stuckAfter));
    }

    /** "12 s ago", "4 min ago", "1 h 5 min ago". */
    static String ago(Instant at, Instant now) {
        long s = Math.max(0, Duration.between(at, now).getSeconds());
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return (s / 60) + " min ago";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min ago";
    }

    public String name() {
        return name;
    }

    /** Their lights, oldest first; a new object when a light joins. */
    public ReadOnlyObjectProperty<RoomRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    /** "2 red · 1 amber · 3 green", with timed out and faulty when there are any. */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** "last run 40 s ago". */
    public ReadOnlyStringProperty lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    /** "green 3 min ago", or "no green yet". */
    public ReadOnlyStringProperty lastGreenProperty() {
        return lastGreen.getReadOnlyProperty();
    }

    boolean isStuck() {
        return stuck.get();
    }

    /** Red or amber, with no green for at least the room's stuck time. */
    public ReadOnlyBooleanProperty stuckProperty() {
        return stuck.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return name;
    }
}
