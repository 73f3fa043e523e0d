package org.warmpool.app.engines;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.EngineStatus;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Engines tab: one row per Docker engine Warmpool places containers on, in the order they were
 * named, from the engine's snapshots; when an engine went down or came back is taken from its
 * {@link EngineEvent.EngineDown}/{@link EngineEvent.EngineUp} events (to the millisecond), or from
 * the first snapshot that shows the change when those events were dropped in a burst.
 */
public final class EnginesViewModel {
    /** Said while the engine has told of no Docker engine yet. */
    public static final String NO_ENGINES = "No Docker engine reported yet.";

    private final ZoneId zone;
    private final Map<String, EngineRow> byName = new HashMap<>();
    private final ObservableList<EngineRow> rows = FXCollections.observableArrayList();
    private final ObservableList<EngineRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(NO_ENGINES);

    public EnginesViewModel() {
        this(ZoneId.systemDefault());
    }

    /** @param zone the operator's time zone, for "since 18:02:11" */
    public EnginesViewModel(ZoneId zone) {
        this.zone = zone;
    }

    /** Takes a frame's snapshot and events; FX thread. */
    public void update(EngineSnapshot snapshot, List<EngineEvent> events) {
        for (EngineEvent event : events) {
            if (event instanceof EngineEvent.EngineDown down) {
                row(down.engine()).turned(false, down.at());
            } else if (event instanceof EngineEvent.EngineUp up) {
                row(up.engine()).turned(true, up.at());
            }
        }
        List<EngineRow> next = new ArrayList<>();
        for (EngineStatus status : snapshot.engines()) {
            EngineRow row = row(status.name());
            row.update(status, snapshot.at(), zone);
            next.add(row);
        }
        byName.values().retainAll(next);
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        summary.set(summarise(snapshot.engines()));
    }

    private EngineRow row(String name) {
        return byName.computeIfAbsent(name, EngineRow::new);
    }

    /** "3 engines · 2 up · 1 down · 1.4 runs/s". */
    static String summarise(List<EngineStatus> engines) {
        if (engines.isEmpty()) {
            return NO_ENGINES;
        }
        long up = engines.stream().filter(EngineStatus::up).count();
        long down = engines.size() - up;
        double rate = engines.stream().mapToDouble(EngineStatus::runsPerSecond).sum();
        return engines.size() + (engines.size() == 1 ? " engine" : " engines") + " · " + up + " up"
                + (down == 0 ? "" : " · " + down + " down") + String.format(Locale.ROOT, " · %.1f runs/s", rate);
    }

    /** The engines, in the order they were named. */
    public ObservableList<EngineRow> rows() {
        return readOnlyRows;
    }

    /** The row of the engine named {@code name}, or {@code null} when the snapshots name none. */
    public EngineRow find(String name) {
        return byName.get(name);
    }

    /** "3 engines · 2 up · 1 down · 1.4 runs/s". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
