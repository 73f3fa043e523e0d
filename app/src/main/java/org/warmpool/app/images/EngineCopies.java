package org.warmpool.app.images;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.Images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Images tab's part for several Docker engines: which engines hold each image, and copying an
 * image to an engine that lacks it ({@link Images#copyTo}: {@code docker save} there streamed into
 * {@code docker load} here), one copy at a time, with progress and cancel. Docker is asked on
 * {@code io}; properties change on {@code fx} only.
 */
public final class EngineCopies {
    private final Images source;
    private final Executor fx;
    private final Executor io;

    private final ReadOnlyBooleanWrapper several = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper copying = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Images.Load> underWay = new AtomicReference<>();
    private List<String> upEngines = List.of();
    private List<String> named = List.of();
    private List<ImageRow> rows = List.of();

    EngineCopies(Images source, Executor fx, Executor io) {
        this.source = source;
        this.fx = fx;
        this.io = io;
    }

    /** The engines from a snapshot; when the ones that answer change, asks again which holds what. FX thread. */
    void engines(List<EngineStatus> engines) {
        several.set(engines.size() > 1);
        named = engines.stream().map(EngineStatus::name).toList();
        List<String> up = engines.stream().filter(EngineStatus::up).map(EngineStatus::name).toList();
        if (!up.equals(upEngines)) {
            upEngines = up;
            askAbout(rows);
        }
    }

    /** Asks, in the background, which engines hold each of {@code listed} (one row after another). FX thread. */
    void ask(List<ImageRow> listed) {
        rows = List.copyOf(listed);
        askAbout(rows);
    }

    private void askAbout(List<ImageRow> some) {
        if (!several.get()) {
            return; // one engine: it holds everything listed
        }
        List<ImageRow> tagged = some.stream().filter(r -> r.readiness() != ImageRow.Readiness.UNTAGGED).toList();
        List<String> order = named;
        io.execute(() -> {
            for (ImageRow row : tagged) {
                Map<String, Boolean> where;
                try {
                    where = source.onEngines(row.name());
                } catch (RuntimeException e) {
                    String why = "could not ask the engines: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                    fx.execute(() -> row.engines(why, List.of()));
                    continue;
                }
                fx.execute(() -> row.engines(presence(where, order), lacking(where, order)));
            }
        });
    }

    /** "local ✓ · dind-2 ✓ · dind-3 ✕", in the order the engines were named (one that does not answer now is not said). */
    static String presence(Map<String, Boolean> where, List<String> order) {
        List<String> parts = new ArrayList<>();
        for (String engine : inOrder(where, order)) {
            parts.add(engine + (where.get(engine) ? " ✓" : " ✕"));
        }
        return String.join(" · ", parts);
    }

    private static List<String> lacking(Map<String, Boolean> where, List<String> order) {
        return inOrder(where, order).stream().filter(engine -> !where.get(engine)).toList();
    }

    private static List<String> inOrder(Map<String, Boolean> where, List<String> order) {
        List<String> engines = new ArrayList<>(where.keySet());
        engines.sort(java.util.Comparator.comparingInt(engine -> order.contains(engine) ? order.indexOf(engine) : order.size()));
        return engines;
    }

    /**
     * Copies {@code row}'s image to {@code engine}, showing the bytes sent against the image's size;
     * afterwards asks again which engines hold it. FX thread.
     */
    public void copy(ImageRow row, String engine) {
        if (copying.get()) {
            return;
        }
        cancelled.set(false);
        copying.set(true);
        error.set("");
        message.set("");
        progress.set(-1);
        String what = row.name() + " to " + engine;
        text.set(what + " · starting…");
        long size = row.sizeBytes();
        io.execute(() -> {
            AtomicLong latest = new AtomicLong();
            AtomicBoolean posted = new AtomicBoolean();
            try {
                Images.Load load = source.copyTo(row.name(), engine, bytes -> {
                    latest.set(bytes);
                    if (posted.compareAndSet(false, true)) { // at most one update waiting for the FX thread
                        fx.execute(() -> {
                            posted.set(false);
                            showProgress(what, latest.get(), size);
                        });
                    }
                });
                underWay.set(load);
                if (cancelled.get()) {
                    load.cancel();
                }
                load.done().join();
                fx.execute(() -> finish("Copied " + what + ": it takes its share of the image's pool.", ""));
            } catch (CancellationException | CompletionException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cancelled.get() || cause instanceof CancellationException) {
                    fx.execute(() -> finish("Copy of " + what + " cancelled: " + engine + " keeps nothing of it.", ""));
                } else {
                    fx.execute(() -> finish("", "Not copied: " + why(cause)));
                }
            } catch (RuntimeException e) {
                fx.execute(() -> finish("", "Not copied: " + why(e)));
            } finally {
                underWay.set(null);
                fx.execute(() -> askAbout(List.of(row)));
            }
        });
    }

    /** Says why there is nothing to copy: every engine that answers has the image (or none was asked yet). FX thread. */
    public void nothingToCopy(ImageRow row) {
        error.set("");
        message.set(row.enginesProperty().get().isEmpty()
                ? "Not known yet which engines hold " + row.name() + " (asking them…)."
                : "Every engine that answers holds " + row.name() + " already: nothing to copy.");
    }

    private void showProgress(String what, long bytes, long size) {
        if (!copying.get()) {
            return;
        }
        progress.set(size <= 0 ? -1 : Math.min(1, bytes / (double) size));
        text.set(what + " · " + ImagesViewModel.bytes(bytes) + " of about " + ImagesViewModel.bytes(size)
                + (size > 0 && bytes >= size ? " · Docker is unpacking…" : ""));
    }

    private void finish(String said, String failed) {
        copying.set(false);
        text.set("");
        progress.set(0);
        message.set(said);
        error.set(failed);
    }

    private static String why(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Stops the copy under way; the engine refuses the partial image. */
    public void cancel() {
        cancelled.set(true);
        Images.Load load = underWay.get();
        if (load != null) {
            load.cancel();
        }
    }

    /** Clears the last copy's message or error. */
    public void dismiss() {
        message.set("");
        error.set("");
    }

    /** More than one Docker engine: the tab shows where each image is, and offers copying. */
    public ReadOnlyBooleanProperty severalProperty() {
        return several.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty copyingProperty() {
        return copying.getReadOnlyProperty();
    }

    /** 0–1 of the image's size sent, or -1 before the first bytes. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "warmpool/busybox to dind-3 · 1.2 MB of about 4.4 MB" while copying; empty otherwise. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** What the last copy came to (copied, or cancelled); empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last copy failed, in the engine's words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
