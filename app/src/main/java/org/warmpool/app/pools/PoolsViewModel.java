package org.warmpool.app.pools;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.app.ConsoleContext;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolSettings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The pools: one row per image from the engine's snapshots, and the operator's actions on them
 * (target, add, remove, prepare all), each answered with what the engine said.
 */
public final class PoolsViewModel {
    private final Engine engine;
    private final ConsoleContext context;
    private final Executor fx;
    private final ObservableList<PoolRow> rows = FXCollections.observableArrayList();
    // One read-only view, kept: a wrapper made per call listens weakly and can be collected with its listeners.
    private final ObservableList<PoolRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preparation = new ReadOnlyStringWrapper("");
    private boolean preparing;

    PoolsViewModel(Engine engine, ConsoleContext context, Executor fx) {
        this.engine = engine;
        this.context = context;
        this.fx = fx;
    }

    public static PoolsViewModel of(ConsoleContext context) {
        PoolsViewModel model = new PoolsViewModel(context.engine(), context, Platform::runLater);
        context.pump().listen((snapshot, events) -> model.update(snapshot));
        return model;
    }

    /** Applies a snapshot; FX thread. */
    public void update(EngineSnapshot snapshot) {
        long now = snapshot.at().getEpochSecond();
        Set<String> seen = new HashSet<>();
        for (PoolSnapshot p : snapshot.pools()) {
            seen.add(p.image());
            row(p.image()).update(p, now);
        }
        rows.removeIf(r -> !seen.contains(r.image()));
        if (preparing) {
            long full = snapshot.pools().stream().filter(p -> p.ready() >= p.target()).count();
            preparation.set(full + " of " + snapshot.pools().size() + " pools full");
            if (full == snapshot.pools().size()) {
                preparing = false;
                preparation.set("all " + full + " pools full — ready for the workshop");
            }
        }
    }

    private PoolRow row(String image) {
        for (PoolRow r : rows) {
            if (r.image().equals(image)) {
                return r;
            }
        }
        PoolRow r = new PoolRow(image);
        rows.add(r);
        rows.sort((a, b) -> a.image().compareTo(b.image()));
        return r;
    }

    /** Changes a pool's target live and shows the engine's answer; the setting is saved. */
    public void setTarget(String image, int target) {
        PoolRow row = row(image);
        try {
            PoolSnapshot answer = engine.setTarget(image, target);
            row.answer("target " + answer.target() + ": " + answer.ready() + " ready, " + answer.starting() + " starting");
            settingsOf(image).target = target;
            save();
        } catch (RuntimeException e) {
            row.answer(e.getMessage());
        }
    }

    /** Adds a pool for a local image; preparation (reading its rule) happens in the background. */
    public CompletableFuture<Void> addPool(String image, int target) {
        message.set("adding " + image + " …");
        Settings.Pool settings = new Settings.Pool();
        settings.target = target;
        PoolSettings poolSettings = settings.toPoolSettings();
        return engine.addPool(image, poolSettings).handleAsync((snapshot, failure) -> {
            if (failure == null) {
                message.set(snapshot.state() == org.warmpool.engine.api.PoolState.FAULTY ? image + ": " + snapshot.problem() : "added " + image);
                if (context != null) {
                    context.settings().pools.put(image, settings);
                    save();
                }
            } else {
                message.set("could not add " + image + ": " + failure.getMessage());
            }
            return null;
        }, fx);
    }

    /** Drains and removes a pool (running submissions finish first). */
    public CompletableFuture<Void> removePool(String image) {
        message.set("draining " + image + " …");
        try {
            return engine.removePool(image).handleAsync((ok, failure) -> {
                message.set(failure == null ? "removed " + image : "could not remove " + image + ": " + failure.getMessage());
                if (failure == null && context != null) {
                    context.settings().pools.remove(image);
                    context.settings().namePools(); // no pools left is the operator's choice, kept at the next start
                    save();
                }
                return null;
            }, fx);
        } catch (RuntimeException e) {
            message.set(e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Before a workshop: every pool to its target, with progress until all are full. */
    public void prepareAll() {
        for (PoolRow r : rows) {
            try {
                engine.setTarget(r.image(), r.targetProperty().get());
            } catch (RuntimeException e) {
                r.answer(e.getMessage());
            }
        }
        preparing = true;
        preparation.set("preparing " + rows.size() + " pools …");
    }

    /** Images Docker has that have no pool yet, for "Add pool…" (asks Docker off the FX thread). */
    public CompletableFuture<List<String>> imagesWithoutPool() {
        Set<String> pooled = rows.stream().map(PoolRow::image).collect(Collectors.toSet());
        return CompletableFuture.supplyAsync(() -> engine.localImages().stream()
                .flatMap((LocalImage i) -> i.tags().stream())
                .map(tag -> tag.endsWith(":latest") ? tag.substring(0, tag.length() - ":latest".length()) : tag)
                .filter(tag -> !pooled.contains(tag))
                .sorted().toList());
    }

    private Settings.Pool settingsOf(String image) {
        return context == null ? new Settings.Pool() : context.settings().pools.computeIfAbsent(image, i -> new Settings.Pool());
    }

    private void save() {
        if (context != null) {
            context.saveSettings();
        }
    }

    public ObservableList<PoolRow> rows() {
        return readOnlyRows;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty preparationProperty() {
        return preparation.getReadOnlyProperty();
    }
}
