package org.warmpool.app.pools;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The pools: one row per image from the engine's snapshots, and the operator's actions on them
 * (target, add, remove, prepare all), each answered with what the engine said. Changes go to the
 * {@link Pools} port, which keeps them in the settings.
 */
public final class PoolsViewModel {
    /** Said while there are no pools. */
    public static final String NO_POOLS = "No pools yet. Add one for an image Docker has (Add pool…), or start with --pool IMAGE=N.";

    private final Pools pools;
    private final Images images;
    private final Executor background;
    private final Executor fx;
    private final ObservableList<PoolRow> rows = FXCollections.observableArrayList();
    // One read-only view, kept: a wrapper made per call listens weakly and can be collected with its listeners.
    private final ObservableList<PoolRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preparation = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper preparing = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<PoolPreparation> preparations = FXCollections.observableArrayList();
    private final ObservableList<PoolPreparation> readOnlyPreparations = FXCollections.unmodifiableObservableList(preparations);
    private Pools.Preparation underWay;
    private boolean cancelled;

    /**
     * @param pools      the pools to show and change
     * @param images     what Docker has, for "Add pool…"
     * @param background where to ask Docker
     * @param fx         where answers are shown (the FX thread)
     */
    public PoolsViewModel(Pools pools, Images images, Executor background, Executor fx) {
        this.pools = pools;
        this.images = images;
        this.background = background;
        this.fx = fx;
    }

    /** Applies a snapshot; FX thread. */
    public void update(EngineSnapshot snapshot) {
        long now = snapshot.at().getEpochSecond();
        Set<String> seen = new HashSet<>();
        for (PoolSnapshot p : snapshot.pools()) {
            seen.add(p.image());
            PoolRow shown = find(p.image());
            if (shown != null) {
                shown.update(p, now, snapshot.engines());
            } else { // listed once it has its first snapshot: a card made for it shows the pool, not zeros
                PoolRow fresh = new PoolRow(p.image());
                fresh.update(p, now, snapshot.engines());
                add(fresh);
            }
        }
        rows.removeIf(r -> !seen.contains(r.image()));
    }

    private PoolRow find(String image) {
        return rows.stream().filter(r -> r.image().equals(image)).findFirst().orElse(null);
    }

    private void add(PoolRow row) {
        List<PoolRow> sorted = new java.util.ArrayList<>(rows);
        sorted.add(row);
        sorted.sort(Comparator.comparing(PoolRow::image));
        rows.setAll(sorted);
    }

    private PoolRow row(String image) {
        PoolRow found = find(image);
        if (found == null) {
            found = new PoolRow(image);
            add(found);
        }
        return found;
    }

    /** Changes a pool's target live and shows the engine's answer; the port keeps it in the settings. */
    public void setTarget(String image, int target) {
        PoolRow row = row(image);
        try {
            PoolSnapshot answer = pools.setTarget(image, target);
            row.answer("target " + answer.target() + ": " + answer.ready() + " ready, " + answer.starting() + " starting");
        } catch (RuntimeException e) {
            row.answer(e.getMessage());
        }
    }

    /**
     * Applies the advice shown on the pool's card. A pool of fixed size gets the advised target; a
     * reactive pool stays auto with the advice as its min ({@link PoolRow#advisedRange}), so it keeps
     * at least that many ready and still grows on cold starts.
     */
    public void applyAdvice(String image) {
        PoolRow row = row(image);
        PoolSnapshot pool = row.snapshot();
        PoolAdvice advice = pool == null ? PoolSnapshot.NO_ADVICE_YET : pool.advice();
        if (!advice.applicable()) {
            row.answer("no advice to apply yet: " + advice.why());
            return;
        }
        if (pool.range() == null) {
            setTarget(image, advice.target());
            return;
        }
        changeRange(row, PoolRow.advisedRange(pool.range(), advice.target()));
    }

    /** Makes a pool reactive: its target moves within {@code rangeText} ("1..6") by itself. */
    public void makeAuto(String image, String rangeText) {
        PoolRow row = row(image);
        try {
            changeRange(row, parseRange(rangeText, idleOf(row)));
        } catch (IllegalArgumentException e) {
            row.answer(e.getMessage());
        }
    }

    /** Makes a reactive pool one of fixed size, at the target it has now. */
    public void makeFixed(String image) {
        PoolRow row = row(image);
        PoolSnapshot pool = row.snapshot();
        if (pool == null || pool.range() == null) {
            row.answer(image + " is already of fixed size");
            return;
        }
        int target = pool.target();
        try {
            PoolSettings settings = pools.settings(image).orElseThrow(() -> new IllegalArgumentException("no pool for " + image));
            pools.add(image, settings.range(null).target(target));
            PoolSnapshot answer = pools.setTarget(image, target);
            row.answer("fixed at " + answer.target() + ": " + answer.ready() + " ready, " + answer.starting() + " starting");
        } catch (RuntimeException e) {
            row.answer(e.getMessage());
        }
    }

    /**
     * A new range, kept in the settings; the pool starts afresh at its min, and ready containers
     * beyond it retire (as when the target is lowered by hand).
     */
    private void changeRange(PoolRow row, PoolRange range) {
        String image = row.image();
        try {
            PoolSettings settings = pools.settings(image).orElseThrow(() -> new IllegalArgumentException("no pool for " + image));
            pools.add(image, settings.range(range));
            PoolSnapshot answer = pools.setTarget(image, range.min());
            row.answer("auto " + range + ": target " + answer.target() + ", " + answer.ready() + " ready, " + answer.starting()
                    + " starting");
        } catch (RuntimeException e) {
            row.answer(e.getMessage());
        }
    }

    /**
     * How long a pool made auto here waits idle before going back to its min: the engine's
     * {@code pool_idle_seconds} as another reactive pool carries it, or the default when none does.
     */
    private Duration idleOf(PoolRow row) {
        return rows.stream().map(PoolRow::snapshot).filter(p -> p != null && p.range() != null).map(p -> p.range().idle())
                .findFirst().orElse(PoolRange.DEFAULT_IDLE);
    }

    /** "1..6" as an operator types it; a mistake is said in words. */
    static PoolRange parseRange(String text, Duration idle) {
        String typed = text == null ? "" : text.strip();
        int dots = typed.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("a range is written MIN..MAX, e.g. 1..6, not \"" + typed + "\"");
        }
        int min;
        int max;
        try {
            min = Integer.parseInt(typed.substring(0, dots).strip());
            max = Integer.parseInt(typed.substring(dots + 2).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a range is two whole numbers, MIN..MAX, e.g. 1..6, not \"" + typed + "\"");
        }
        return new PoolRange(min, max, idle);
    }

    /** Adds a pool for a local image; preparation (reading its rule) happens in the background. */
    public CompletableFuture<Void> addPool(String image, int target) {
        message.set("adding " + image + " …");
        CompletableFuture<PoolSnapshot> added;
        try {
            added = pools.add(image, PoolSettings.withTarget(target));
        } catch (RuntimeException e) {
            added = CompletableFuture.failedFuture(e);
        }
        return added.handleAsync((snapshot, failure) -> {
            if (failure == null) {
                message.set(snapshot.state() == PoolState.FAULTY ? image + ": " + snapshot.problem() : "added " + image);
            } else {
                message.set("could not add " + image + ": " + why(failure));
            }
            return null;
        }, fx);
    }

    /** Drains and removes a pool (running submissions finish first). */
    public CompletableFuture<Void> removePool(String image) {
        message.set("draining " + image + " …");
        CompletableFuture<Void> removed;
        try {
            removed = pools.remove(image);
        } catch (RuntimeException e) {
            removed = CompletableFuture.failedFuture(e);
        }
        return removed.handleAsync((ok, failure) -> {
            message.set(failure == null ? "removed " + image : "could not remove " + image + ": " + why(failure));
            return null;
        }, fx);
    }

    /**
     * Before a workshop: every pool to its target, with each card saying how far it has got and the
     * toolbar how many are full, until all are (or cannot be), or {@link #cancelPreparation()}.
     */
    public void prepareAll() {
        if (underWay != null) {
            return;
        }
        preparing.set(true);
        cancelled = false;
        rows.forEach(r -> r.preparation(""));
        preparations.setAll(rows.stream().map(r -> new PoolPreparation(r.image(), r.snapshot())).toList());
        preparation.set("preparing " + rows.size() + (rows.size() == 1 ? " pool" : " pools") + " …");
        Pools.Preparation started = pools.prepare(List.of(), progress -> fx.execute(() -> showProgress(progress)));
        underWay = started;
        started.done().whenCompleteAsync((last, failure) -> finish(started, last, failure), fx);
    }

    /** Stops the preparation: no more waiting or reporting (the pools keep their targets, and go on filling). */
    public void cancelPreparation() {
        if (underWay != null) {
            cancelled = true;
            underWay.cancel();
        }
    }

    /** Hides the last preparation's list (not while one is under way). */
    public void dismissPreparation() {
        if (underWay == null) {
            preparations.clear();
            preparation.set("");
        }
    }

    private void showEach(List<Pools.PoolProgress> progress) {
        for (Pools.PoolProgress p : progress) {
            PoolPreparation line = preparations.stream().filter(l -> l.image().equals(p.image())).findFirst().orElseGet(() -> {
                PoolPreparation fresh = new PoolPreparation(p.image(), null);
                preparations.add(fresh);
                return fresh;
            });
            PoolRow row = find(p.image());
            line.show(p, row == null ? null : row.snapshot());
        }
    }

    private void showProgress(List<Pools.PoolProgress> progress) {
        if (underWay == null) {
            return; // a tick that arrived after the end
        }
        for (Pools.PoolProgress p : progress) {
            rows.stream().filter(r -> r.image().equals(p.image())).findFirst().ifPresent(r -> r.preparation(progressText(p)));
        }
        showEach(progress);
        preparation.set(fullText(progress) + " …");
    }

    private void finish(Pools.Preparation finished, List<Pools.PoolProgress> last, Throwable failure) {
        if (underWay != finished) {
            return;
        }
        underWay = null;
        preparing.set(false);
        rows.forEach(r -> r.preparation(""));
        if (last != null) {
            showEach(last);
        }
        if (cancelled) {
            preparations.forEach(PoolPreparation::cancelled);
        }
        if (last != null) { // a pool that cannot fill keeps saying why on its card
            last.stream().filter(p -> p.done() && !p.problem().isEmpty()).forEach(p -> rows.stream()
                    .filter(r -> r.image().equals(p.image())).findFirst().ifPresent(r -> r.preparation(progressText(p))));
        }
        if (failure != null) {
            preparation.set("could not prepare: " + why(failure));
            return;
        }
        long full = last.stream().filter(p -> p.done() && p.problem().isEmpty() && p.ready() >= p.target()).count();
        long stuck = last.stream().filter(p -> p.done() && !p.problem().isEmpty()).count();
        if (last.isEmpty()) {
            preparation.set("no pools to prepare");
        } else if (full == last.size()) {
            preparation.set("all " + full + " pools full — ready for the workshop");
        } else if (last.stream().allMatch(Pools.PoolProgress::done)) {
            preparation.set(fullText(last) + " — " + stuck + (stuck == 1 ? " cannot fill (see its card)" : " cannot fill (see their cards)"));
        } else {
            preparation.set("stopped waiting: " + fullText(last) + " (the rest go on filling)");
        }
    }

    /** "3 of 4 pools full". */
    static String fullText(List<Pools.PoolProgress> progress) {
        long full = progress.stream().filter(p -> p.problem().isEmpty() && p.ready() >= p.target()).count();
        return full + " of " + progress.size() + (progress.size() == 1 ? " pool" : " pools") + " full";
    }

    /** "full", "1 of 3 ready", or why it cannot fill. */
    static String progressText(Pools.PoolProgress p) {
        if (!p.problem().isEmpty() && p.done()) {
            return "cannot fill: " + p.problem();
        }
        return p.ready() >= p.target() ? "full" : p.ready() + " of " + p.target() + " ready";
    }

    /** Images Docker has that have no pool yet, for "Add pool…" (asks Docker in the background). */
    public CompletableFuture<List<String>> imagesWithoutPool() {
        Set<String> pooled = rows.stream().map(PoolRow::image).collect(Collectors.toSet());
        return CompletableFuture.supplyAsync(() -> images.list().stream()
                .flatMap((LocalImage i) -> i.tags().stream())
                .map(tag -> tag.endsWith(":latest") ? tag.substring(0, tag.length() - ":latest".length()) : tag)
                .filter(tag -> !pooled.contains(tag))
                .sorted().toList(), background);
    }

    private static String why(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    public ObservableList<PoolRow> rows() {
        return readOnlyRows;
    }

    /** What the last add or remove came to. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "preparing 3 pools …", "2 of 3 pools full …", "all 3 pools full — ready for the workshop"; empty before the first. */
    public ReadOnlyStringProperty preparationProperty() {
        return preparation.getReadOnlyProperty();
    }

    /** The last "Prepare all", a line per pool, in the pools' order; empty before the first and once dismissed. */
    public ObservableList<PoolPreparation> preparations() {
        return readOnlyPreparations;
    }

    /** True while "Prepare all" waits for the pools to fill (Cancel stops it). */
    public ReadOnlyBooleanProperty preparingProperty() {
        return preparing.getReadOnlyProperty();
    }
}
