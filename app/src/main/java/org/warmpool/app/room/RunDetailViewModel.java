package org.warmpool.app.room;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.app.replay.DetailViewModel.Fact;
import org.warmpool.app.replay.DetailViewModel.Source;
import org.warmpool.app.replay.OutputSearch;
import org.warmpool.app.replay.OutputViewer;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.Room;
import org.warmpool.engine.api.RoomRun;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The run behind a clicked light, read from the journal off the FX thread: its facts, and its
 * files, stdout and stderr to read in the Replay tab's searchable viewer; and the way to send it
 * to Replay.
 */
public final class RunDetailViewModel implements OutputViewer.Model {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Room room;
    private final Executor fx;
    private final Executor io;
    private final Consumer<List<ReplayItem>> toReplay;

    private final ReadOnlyObjectWrapper<Light> light = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RoomRun> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObservableList<Source> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private final OutputSearch search = new OutputSearch();
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(false);

    /**
     * @param toReplay takes runs to replay (the Replay tab's submissions)
     */
    RunDetailViewModel(Room room, Executor fx, Executor io, Consumer<List<ReplayItem>> toReplay) {
        this.room = room;
        this.fx = fx;
        this.io = io;
        this.toReplay = toReplay;
        source.addListener((o, was, now) -> search.setText(now == null ? "" : now.output().content(), now != null && now.output().truncated()));
    }

    /** Opens the run behind {@code clicked} (null clears): its facts at once, its files and output once read. */
    public void open(Light clicked, String participant) {
        light.set(clicked);
        run.set(null);
        facts.clear();
        sources.clear();
        source.set(null);
        if (clicked == null) {
            title.set("");
            message.set("");
            return;
        }
        title.set(participant + " · " + TIME.format(clicked.at()) + " · " + clicked.outcome().wireName().replace('_', ' '));
        message.set("Reading it from the journal…");
        io.execute(() -> {
            RoomRun read;
            try {
                read = room.run(clicked.seq());
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                fx.execute(() -> {
                    if (light.get() == clicked) {
                        message.set("Cannot open it: " + why);
                    }
                });
                return;
            }
            fx.execute(() -> {
                if (light.get() == clicked) {
                    show(read);
                }
            });
        });
    }

    private void show(RoomRun r) {
        run.set(r);
        message.set(r.log().content().strip());
        facts.setAll(new Fact("outcome", r.light().outcome().wireName().replace('_', ' ')),
                new Fact("status", r.status().isEmpty() ? "—" : r.status()),
                new Fact("total", r.light().durationMillis() + " ms"),
                new Fact("start", r.warm() ? "warm container" : "cold start"),
                new Fact("image", r.light().image()),
                new Fact("door", "ws".equals(r.door()) ? "WebSocket" : "HTTP (cyber-dojo)"),
                new Fact("id", r.id()),
                new Fact("journal", "run " + r.light().seq()));
        List<Source> next = new ArrayList<>();
        next.add(new Source("stdout", r.stdout()));
        next.add(new Source("stderr", r.stderr()));
        for (Map.Entry<String, org.warmpool.engine.api.Output> f : r.files().entrySet()) {
            next.add(new Source("file: " + f.getKey(), f.getValue()));
        }
        if (!r.log().content().isBlank()) {
            next.add(new Source("log", r.log()));
        }
        sources.setAll(next);
        source.set(next.stream().filter(s -> !s.output().content().isEmpty()).findFirst().orElse(next.get(0)));
    }

    /** Sends the opened run to Replay's submissions, with its image, time limit and colour. */
    public void sendToReplay() {
        RoomRun r = run.get();
        if (r != null) {
            toReplay.accept(List.of(r.asReplayItem()));
            message.set("Sent to Replay as " + r.asReplayItem().name() + ".");
        }
    }

    /** The light opened; null when none is. */
    public ReadOnlyObjectProperty<Light> lightProperty() {
        return light.getReadOnlyProperty();
    }

    /** The run, once read. */
    public ReadOnlyObjectProperty<RoomRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** "alice · 09:02:13 · red". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Reading, why it cannot be opened, or the engine's log for a timed-out or faulty run. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return factsView;
    }

    /** stdout, stderr, each submitted file, and the log. */
    public ObservableList<Source> sources() {
        return sourcesView;
    }

    @Override
    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    @Override
    public OutputSearch search() {
        return search;
    }

    @Override
    public ObservableBooleanValue nothingChosen() {
        return light.isNull();
    }

    @Override
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }
}
