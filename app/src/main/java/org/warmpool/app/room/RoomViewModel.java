package org.warmpool.app.room;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Room tab: every participant's traffic lights in this session, live. Each frame it asks the
 * engine's {@link Room} for its snapshot (held in memory, cheap) and changes only the rows whose
 * lights changed, so forty participants with sixty runs each cost a run one row; the list itself is
 * rebuilt only when a new session starts. Stuck participants can be shown alone. A clicked light
 * opens its run ({@link #detail()}); the room exports as CSV or as a journal export. Every property
 * changes on the FX thread.
 */
public final class RoomViewModel {
    /** Minutes without green after which a red or amber participant is stuck, unless changed. */
    public static final int DEFAULT_STUCK_MINUTES = 5;

    private final Room room;
    private final Executor fx;
    private final Executor io;
    private final Supplier<Instant> clock;
    private final RunDetailViewModel detail;

    /** Tells the filtered list when a row becomes stuck or stops being stuck (an update, not a rebuild). */
    private final ObservableList<ParticipantRow> rows = FXCollections.observableArrayList(row -> new Observable[]{row.stuckProperty()});
    private final ObservableList<ParticipantRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<ParticipantRow> shown = new FilteredList<>(rows);
    private final Map<String, ParticipantRow> byName = new HashMap<>();
    private final BooleanProperty stuckOnly = new SimpleBooleanProperty(false);
    private final IntegerProperty stuckMinutes = new SimpleIntegerProperty(DEFAULT_STUCK_MINUTES);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private long shownVersion = -1;
    private Instant shownSession;
    private boolean everShown;

    /**
     * @param toReplay takes runs to replay (the Replay tab's submissions)
     * @param clock    now, for "2 min ago" and stuck
     */
    public RoomViewModel(Room room, Executor fx, Executor io, Consumer<List<ReplayItem>> toReplay, Supplier<Instant> clock) {
        this.room = room;
        this.fx = fx;
        this.io = io;
        this.clock = clock;
        this.detail = new RunDetailViewModel(room, fx, io, toReplay);
        stuckOnly.addListener((o, was, now) -> refilter());
        stuckMinutes.addListener((o, was, now) -> update());
    }

    /** Brings the rows up to the engine's room and the clock; call on the FX thread (every frame). */
    public void update() {
        RoomSnapshot snapshot = room.snapshot();
        if (snapshot.version() != shownVersion) {
            apply(snapshot);
        }
        Instant now = clock.get();
        Duration stuckAfter = Duration.ofMinutes(Math.max(0, stuckMinutes.get()));
        for (ParticipantRow row : rows) {
            row.tick(now, stuckAfter);
        }
    }

    private void apply(RoomSnapshot snapshot) {
        shownVersion = snapshot.version();
        if (everShown && !Objects.equals(shownSession, snapshot.sessionStart())) {
            // a new session: the one time the list is rebuilt
            rows.clear();
            byName.clear();
            detail.open(null, null);
        }
        everShown = true;
        shownSession = snapshot.sessionStart();
        List<RoomRow> now = snapshot.rows();
        for (int i = 0; i < now.size(); i++) {
            RoomRow row = now.get(i);
            ParticipantRow shownRow = byName.get(row.participant());
            if (shownRow == null) {
                ParticipantRow added = new ParticipantRow(row);
                byName.put(row.participant(), added);
                rows.add(Math.min(i, rows.size()), added); // the engine's order: by name
            } else if (shownRow.rowProperty().get().version() != row.version()) {
                shownRow.show(row);
            }
        }
        int lights = snapshot.lightCount();
        String session = snapshot.sessionStart() == null ? "every run in the journal"
                : "session since " + DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(ZoneId.systemDefault())
                .format(snapshot.sessionStart());
        summary.set(snapshot.problem().isEmpty()
                ? now.size() + (now.size() == 1 ? " participant · " : " participants · ") + lights
                + (lights == 1 ? " light · " : " lights · ") + session
                : snapshot.problem());
    }

    private void refilter() {
        shown.setPredicate(stuckOnly.get() ? ParticipantRow::isStuck : null);
    }

    /** Starts a new session (off the FX thread): the room empties, the journal keeps everything. */
    public void newSession() {
        io.execute(() -> {
            try {
                room.newSession();
                fx.execute(() -> {
                    notice.set("A new session began: the room shows the runs from now on; the journal keeps the earlier ones.");
                    update();
                });
            } catch (IOException | RuntimeException e) {
                fx.execute(() -> notice.set("No new session: " + e.getMessage()));
            }
        });
    }

    /** Writes the room as CSV (participant, time, image, outcome, duration) into {@code file}, off the FX thread. */
    public void exportCsv(Path file) {
        io.execute(() -> {
            try {
                String csv = room.csv();
                Files.writeString(file, csv, StandardCharsets.UTF_8);
                long lines = csv.lines().count() - 1;
                fx.execute(() -> notice.set("Wrote " + lines + (lines == 1 ? " light to " : " lights to ") + file + "."));
            } catch (IOException | RuntimeException e) {
                fx.execute(() -> notice.set("Could not write " + file + ": " + e.getMessage()));
            }
        });
    }

    /** Writes the session's runs as a journal export ({@code <seq>-<id>.tgz} and {@code results.jsonl}) into {@code folder}. */
    public void exportSession(Path folder) {
        io.execute(() -> {
            try {
                int n = room.exportSession(folder);
                fx.execute(() -> notice.set("Exported " + n + (n == 1 ? " run to " : " runs to ") + folder
                        + " (replay it with warmpool replay " + folder + ", or drop it on the Replay tab)."));
            } catch (IOException | RuntimeException e) {
                fx.execute(() -> notice.set("Could not export the session: " + e.getMessage()));
            }
        });
    }

    /** Every participant of the session, by name. */
    public ObservableList<ParticipantRow> rows() {
        return rowsView;
    }

    /** The rows shown: all, or only the stuck ones. */
    public ObservableList<ParticipantRow> shown() {
        return shown;
    }

    /** Show only participants who are stuck. */
    public BooleanProperty stuckOnlyProperty() {
        return stuckOnly;
    }

    /** Red or amber with no green for this many minutes is stuck. */
    public IntegerProperty stuckMinutesProperty() {
        return stuckMinutes;
    }

    /** "3 participants · 9 lights · session since Sat 29 Nov 09:00", or why the room is empty. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What an action did or why it did not. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The run behind the clicked light. */
    public RunDetailViewModel detail() {
        return detail;
    }
}
