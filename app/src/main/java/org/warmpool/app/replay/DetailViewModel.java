package org.warmpool.app.replay;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.Timings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The detail pane: the selected row at a glance (its light, facts, the engine's note) and what
 * there is to read of its run — stdout, stderr, the files it created and changed, the log — in a
 * searchable viewer. Follows the selected row: its output growing while it runs, then its answer.
 */
public final class DetailViewModel implements OutputViewer.Model {
    /** One thing to read about the selected run: stdout, stderr, a returned file, the engine's log. */
    public record Source(String name, Output output) {
        /** How much there is: "61 lines", "1 line · cut at 50 KB", "empty". */
        public String extent() {
            String content = output.content();
            if (content.isEmpty()) {
                return "empty";
            }
            long lines = content.chars().filter(ch -> ch == '\n').count() + (content.endsWith("\n") ? 0 : 1);
            return lines + (lines == 1 ? " line" : " lines") + (output.truncated() ? " · cut at 50 KB" : "");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One fact about the selected run, for the detail pane's header. */
    public record Fact(String name, String value) {
    }

    private final ReadOnlyObjectWrapper<ReplayRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObservableList<Source> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private final OutputSearch search = new OutputSearch();
    private final ChangeListener<ReplayRow.Light> follow = (o, was, now) -> show(selected.get());
    private final ChangeListener<Number> followOutput = (o, was, now) -> showOutputSoFar(selected.get());
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(false);
    private String preferredSource = "stdout";

    /** @param rows the results: a selected row that leaves them is no longer shown */
    DetailViewModel(ObservableList<ReplayRow> rows) {
        source.addListener((o, was, now) -> {
            if (now != null) {
                preferredSource = now.name();
                search.setText(now.output().content(), now.output().truncated());
            } else {
                search.setText("", false);
            }
        });
        rows.addListener((ListChangeListener<ReplayRow>) c -> {
            if (selected.get() != null && !rows.contains(selected.get())) {
                select(null);
            }
        });
    }

    /** Shows a row (null clears the pane); it follows the row as it is sent and answered. */
    public void select(ReplayRow row) {
        ReplayRow was = selected.get();
        if (was != null) {
            was.lightProperty().removeListener(follow);
            was.streamedProperty().removeListener(followOutput);
        }
        selected.set(row);
        if (row != null) {
            row.lightProperty().addListener(follow);
            row.streamedProperty().addListener(followOutput);
        }
        show(row);
    }

    private void show(ReplayRow row) {
        facts.clear();
        live.set(false);
        if (row == null) {
            title.set("");
            message.set("");
            sources.clear();
            source.set(null);
            return;
        }
        title.set(row.name());
        RunResult r = row.resultProperty().get();
        List<Source> next = new ArrayList<>();
        if (r == null && row.state() == ReplayRow.State.SENT && row.streamedProperty().get() > 0) {
            // running, and its output streams: show it growing until the result replaces it
            live.set(true);
            message.set("Running… its output shows as it arrives.");
            facts.add(new Fact("image", row.image()));
            facts.add(new Fact("max seconds", row.maxSeconds() > 0 ? Integer.toString(row.maxSeconds()) : "the engine's default"));
            next.addAll(outputSoFar(row));
        } else if (r == null) {
            message.set(switch (row.state()) {
                case WAITING -> "Waiting to be sent…";
                case SENT -> "Waiting for its answer…";
                case CANCELLED -> "Cancelled before it was sent.";
                case REFUSED, DONE -> row.messageProperty().get();
            });
            facts.add(new Fact("image", row.image()));
            facts.add(new Fact("max seconds", row.maxSeconds() > 0 ? Integer.toString(row.maxSeconds()) : "the engine's default"));
        } else {
            message.set(r.log().content().strip());
            Timings t = r.timings();
            facts.add(new Fact("outcome", ReplayRow.word(r.outcome())));
            facts.add(new Fact("status", r.status().isEmpty() ? "—" : r.status()));
            facts.add(new Fact("total", ReplayRow.seconds(t.total())));
            facts.add(new Fact("start", r.warm() ? "warm container" : "cold start"));
            facts.add(new Fact("queued", ReplayRow.seconds(t.queued())));
            facts.add(new Fact("claim", ReplayRow.seconds(t.claim())));
            facts.add(new Fact("exec", ReplayRow.seconds(t.exec())));
            facts.add(new Fact("colour", ReplayRow.seconds(t.colour())));
            facts.add(new Fact("image", r.image()));
            facts.add(new Fact("container", r.containerId() == null ? "—" : shortId(r.containerId())));
            next.add(new Source("stdout", r.stdout()));
            next.add(new Source("stderr", r.stderr()));
            r.created().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(f -> next.add(new Source("created: " + f.getKey(), f.getValue())));
            r.changed().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(f -> next.add(new Source("changed: " + f.getKey(), f.getValue())));
            if (!r.log().content().isBlank()) {
                next.add(new Source("log", r.log()));
            }
        }
        if (row.submission().expected() != null) {
            facts.add(new Fact("recorded as", ReplayRow.word(row.submission().expected())
                    + (row.changedProperty().get() ? " (changed)" : "")));
        }
        sources.setAll(next);
        source.set(pick(next));
    }

    private static List<Source> outputSoFar(ReplayRow row) {
        return List.of(new Source("stdout", row.streamed(StdStream.STDOUT)), new Source("stderr", row.streamed(StdStream.STDERR)));
    }

    /** More output of the selected run arrived: only the text changes (a first stretch shows it instead of "waiting"). */
    private void showOutputSoFar(ReplayRow row) {
        if (row == null || row.resultProperty().get() != null || row.state() != ReplayRow.State.SENT) {
            return;
        }
        if (!live.get()) {
            show(row);
            return;
        }
        List<Source> next = outputSoFar(row);
        sources.setAll(next);
        source.set(pick(next));
    }

    /** The same kind of source as before (stdout stays stdout); else the first with something in it. */
    private Source pick(List<Source> from) {
        for (Source s : from) {
            if (s.name().equals(preferredSource) && !s.output().content().isEmpty()) {
                return s;
            }
        }
        for (Source s : from) {
            if (!s.output().content().isEmpty() && !s.name().equals("log")) {
                return s;
            }
        }
        return from.isEmpty() ? null : from.get(0);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** The row shown; null when none is. */
    public ReadOnlyObjectProperty<ReplayRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected row's name. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** A refusal's reason, what it waits for, or the engine's log for a faulty or timed-out run. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return factsView;
    }

    /** stdout, stderr, created and changed files, log — of the selected run. */
    public ObservableList<Source> sources() {
        return sourcesView;
    }

    /** Nothing selected to read. */
    @Override
    public javafx.beans.value.ObservableBooleanValue nothingChosen() {
        return selected.isNull();
    }

    /** The source shown in the search viewer. */
    @Override
    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    @Override
    public OutputSearch search() {
        return search;
    }

    /** The selected run is going and its sources are its output so far, growing as it streams. */
    @Override
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }
}
