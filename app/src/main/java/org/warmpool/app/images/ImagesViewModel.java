package org.warmpool.app.images;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.PoolSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The Images tab: what Docker holds, whether Warmpool can serve each image and why not, and
 * loading images from {@code docker save} tarballs — the offline workshop's way in. Docker is
 * reached only through the {@link Images} port, on background threads; properties change on the
 * FX thread only (through the {@code fx} executor).
 */
public final class ImagesViewModel {
    /** The offline path, said once where a facilitator will look for it. */
    public static final String HINT = "Images come from a USB stick: docker save on a connected machine, Load image… here.";

    private final Images source;
    private final Executor fx;
    private final Executor io;
    private final Clock clock;

    private final ObservableList<ImageRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ImageRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper listing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper checkText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper loadProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper loadText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadMessage = new ReadOnlyStringWrapper("");

    private int generation;
    private AtomicBoolean checksCancelled = new AtomicBoolean();
    private final AtomicBoolean loadCancelled = new AtomicBoolean();
    private final AtomicReference<Images.Load> loadUnderWay = new AtomicReference<>();
    private Map<String, PoolSnapshot> pools = Map.of();
    private Set<String> namesBeforeLoad;
    private String loadedWhat = "";
    private boolean everRefreshed;
    private final EngineCopies copies;

    /**
     * @param images Docker's images, checks and loads
     * @param fx     where properties change (the FX thread)
     * @param io     where Docker is asked (its calls block)
     */
    public ImagesViewModel(Images images, Executor fx, Executor io) {
        this(images, fx, io, Clock.systemUTC());
    }

    ImagesViewModel(Images source, Executor fx, Executor io, Clock clock) {
        this.source = source;
        this.fx = fx;
        this.io = io;
        this.clock = clock;
        this.copies = new EngineCopies(source, fx, io);
    }

    /** Which engines hold each image, and copying one to an engine that lacks it. */
    public EngineCopies copies() {
        return copies;
    }

    /** Which images the pools serve; call on the FX thread. */
    public void update(EngineSnapshot snapshot) {
        copies.engines(snapshot.engines());
        Map<String, PoolSnapshot> now = snapshot.pools().stream().collect(Collectors.toMap(PoolSnapshot::image, p -> p, (a, b) -> a));
        if (!now.equals(pools)) {
            pools = now;
            rows.forEach(this::showPool);
        }
    }

    private void showPool(ImageRow row) {
        PoolSnapshot pool = pools.get(row.name());
        if (pool == null && row.name().endsWith(":latest")) {
            pool = pools.get(row.name().substring(0, row.name().length() - ":latest".length()));
        }
        row.pool(pool == null ? "" : "pool · " + pool.ready() + " warm" + (pool.problem().isEmpty() ? "" : " · " + pool.state().wireName()));
    }

    /** The first time the tab is shown: list and check, once. */
    public void refreshIfNeverDone() {
        if (!everRefreshed) {
            refresh();
        }
    }

    /** Lists Docker's images again, then checks each one, one after another. */
    public void refresh() {
        everRefreshed = true;
        int gen = ++generation;
        checksCancelled.set(true);
        AtomicBoolean cancelled = new AtomicBoolean();
        checksCancelled = cancelled;
        listing.set(true);
        io.execute(() -> {
            List<LocalImage> images;
            try {
                images = source.list();
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                fx.execute(() -> {
                    if (gen == generation) {
                        listing.set(false);
                        rows.clear();
                        problem.set("Docker did not list its images: " + why);
                        summarise();
                    }
                });
                return;
            }
            fx.execute(() -> {
                if (gen == generation) {
                    show(images);
                    check(gen, cancelled);
                }
            });
        });
    }

    private void show(List<LocalImage> images) {
        listing.set(false);
        problem.set("");
        List<ImageRow> next = new ArrayList<>();
        for (LocalImage image : images) {
            String id = shortId(image.id());
            String size = bytes(image.sizeBytes());
            String created = age(image.createdEpochSeconds());
            if (image.tags().isEmpty()) {
                ImageRow row = new ImageRow(id, id, image.sizeBytes(), size, created);
                row.checked(ImageRow.Readiness.UNTAGGED, "no name, so no pool can ask for it: docker tag " + id + " <name>");
                next.add(row);
            } else {
                for (String tag : image.tags()) {
                    next.add(new ImageRow(tag, id, image.sizeBytes(), size, created));
                }
            }
        }
        next.sort(Comparator.comparing((ImageRow r) -> r.readiness() == ImageRow.Readiness.UNTAGGED).thenComparing(ImageRow::name));
        next.forEach(this::showPool);
        if (namesBeforeLoad != null) {
            List<String> added = new ArrayList<>();
            for (ImageRow row : next) {
                if (!namesBeforeLoad.contains(row.name()) && row.readiness() != ImageRow.Readiness.UNTAGGED) {
                    row.fresh("just loaded");
                    added.add(row.name());
                }
            }
            loadMessage.set(added.isEmpty()
                    ? "Loaded " + loadedWhat + ". It held no new image names: those images were already here (now updated)."
                    : "Loaded " + loadedWhat + ": " + String.join(", ", added) + ".");
            namesBeforeLoad = null;
        }
        rows.setAll(next);
        summarise();
        copies.ask(next);
    }

    private void check(int gen, AtomicBoolean cancelled) {
        List<ImageRow> toCheck = rows.stream().filter(r -> r.readiness() == ImageRow.Readiness.CHECKING).toList();
        if (toCheck.isEmpty()) {
            checking.set(false);
            checkText.set("");
            return;
        }
        checking.set(true);
        checkText.set("Checking 1 of " + toCheck.size() + "…");
        io.execute(() -> {
            for (int i = 0; i < toCheck.size(); i++) {
                ImageRow row = toCheck.get(i);
                if (cancelled.get()) {
                    fx.execute(() -> {
                        if (row.readiness() == ImageRow.Readiness.CHECKING) {
                            row.checked(ImageRow.Readiness.UNKNOWN, "not checked: checking was cancelled (Refresh to check again)");
                        }
                    });
                    continue;
                }
                ImageRow.Readiness readiness;
                String why;
                try {
                    ImageCheck result = source.check(row.name());
                    readiness = result.ready() ? ImageRow.Readiness.READY : ImageRow.Readiness.NOT_READY;
                    why = String.join("; ", result.problems());
                } catch (RuntimeException e) {
                    readiness = ImageRow.Readiness.UNKNOWN;
                    why = "could not check: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                }
                ImageRow.Readiness r = readiness;
                String w = why;
                int done = i + 1;
                fx.execute(() -> {
                    row.checked(r, w);
                    if (gen == generation) {
                        checkText.set(done < toCheck.size() ? "Checking " + (done + 1) + " of " + toCheck.size() + "…" : "");
                        summarise();
                    }
                });
            }
            fx.execute(() -> {
                if (gen == generation) {
                    checking.set(false);
                    checkText.set("");
                    summarise();
                }
            });
        });
    }

    /** Stops checking after the image being checked now; the rest show "not checked". */
    public void cancelChecks() {
        checksCancelled.set(true);
    }

    private void summarise() {
        long named = rows.stream().filter(r -> r.readiness() != ImageRow.Readiness.UNTAGGED).count();
        long ready = rows.stream().filter(r -> r.readiness() == ImageRow.Readiness.READY).count();
        long images = rows.stream().map(ImageRow::id).distinct().count();
        summary.set(rows.isEmpty() ? "" : images + (images == 1 ? " image" : " images") + " · " + named
                + (named == 1 ? " name" : " names") + " · " + ready + " ready for Warmpool");
    }

    /**
     * Loads {@code docker save} tarballs one after another, with progress; the list refreshes
     * afterwards and marks what is new.
     */
    public void load(List<Path> tarballs) {
        if (loading.get() || tarballs == null || tarballs.isEmpty()) {
            return;
        }
        loadCancelled.set(false);
        loading.set(true);
        loadError.set("");
        loadMessage.set("");
        loadProgress.set(-1);
        loadText.set("Starting…");
        Set<String> before = rows.stream().map(ImageRow::name).collect(Collectors.toCollection(HashSet::new));
        String what = tarballs.size() == 1 ? tarballs.get(0).getFileName().toString() : tarballs.size() + " files";
        io.execute(() -> {
            for (int i = 0; i < tarballs.size(); i++) {
                Path tarball = tarballs.get(i);
                String prefix = tarballs.size() == 1 ? "" : "File " + (i + 1) + " of " + tarballs.size() + " · ";
                String name = tarball.getFileName().toString();
                long total;
                try {
                    total = Files.size(tarball);
                } catch (IOException e) {
                    failLoad("Could not read " + tarball + ": " + e.getMessage());
                    return;
                }
                AtomicLong latest = new AtomicLong();
                AtomicBoolean posted = new AtomicBoolean();
                fx.execute(() -> showLoad(prefix, name, 0, total));
                try {
                    Images.Load load = source.load(tarball, bytes -> {
                        latest.set(bytes);
                        // At most one update waiting for the FX thread, however fast Docker reads.
                        if (posted.compareAndSet(false, true)) {
                            fx.execute(() -> {
                                posted.set(false);
                                showLoad(prefix, name, latest.get(), total);
                            });
                        }
                    });
                    loadUnderWay.set(load);
                    if (loadCancelled.get()) {
                        load.cancel();
                    }
                    load.done().join();
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (loadCancelled.get() || isCancellation(cause)) {
                        fx.execute(() -> {
                            loading.set(false);
                            loadText.set("");
                            loadMessage.set("Load cancelled" + (tarballs.size() > 1 ? " at " + name : "") + ".");
                            refresh();
                        });
                    } else {
                        failLoad(name + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                    }
                    return;
                } catch (RuntimeException e) {
                    failLoad(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return;
                } finally {
                    loadUnderWay.set(null);
                }
            }
            fx.execute(() -> {
                loading.set(false);
                loadText.set("");
                loadProgress.set(1);
                namesBeforeLoad = before;
                loadedWhat = what;
                refresh();
            });
        });
    }

    private void showLoad(String prefix, String name, long bytes, long total) {
        if (!loading.get()) {
            return;
        }
        loadProgress.set(total <= 0 ? -1 : Math.min(1, bytes / (double) total));
        loadText.set(prefix + name + " · " + bytes(bytes) + " of " + bytes(total)
                + (bytes >= total && total > 0 ? " · Docker is unpacking…" : ""));
    }

    private void failLoad(String why) {
        fx.execute(() -> {
            loading.set(false);
            loadText.set("");
            loadError.set("Not loaded: " + why);
            refresh();
        });
    }

    private static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /** Stops the load in progress; Docker keeps nothing from a tarball it did not read to the end. */
    public void cancelLoad() {
        loadCancelled.set(true);
        Images.Load load = loadUnderWay.get();
        if (load != null) {
            load.cancel();
        }
    }

    /** Clears the load's error or message. */
    public void dismissLoadMessage() {
        loadError.set("");
        loadMessage.set("");
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1000 * 1000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        if (n < 1000L * 1000 * 1000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }

    String age(long epochSeconds) {
        if (epochSeconds <= 0) {
            return "";
        }
        Duration d = Duration.between(Instant.ofEpochSecond(epochSeconds), clock.instant());
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return plural(d.toMinutes(), "minute") + " ago";
        }
        if (d.toDays() < 1) {
            return plural(d.toHours(), "hour") + " ago";
        }
        if (d.toDays() < 60) {
            return plural(d.toDays(), "day") + " ago";
        }
        return plural(d.toDays() / 30, "month") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    public ObservableList<ImageRow> rows() {
        return rowsView;
    }

    public ReadOnlyBooleanProperty listingProperty() {
        return listing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** "Checking 2 of 5…" while checking; empty otherwise. */
    public ReadOnlyStringProperty checkTextProperty() {
        return checkText.getReadOnlyProperty();
    }

    /** Why the list is empty when Docker did not answer; empty otherwise. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "3 images · 4 names · 3 ready for Warmpool". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** 0–1, or -1 while the size is not known yet. */
    public ReadOnlyDoubleProperty loadProgressProperty() {
        return loadProgress.getReadOnlyProperty();
    }

    /** "busybox.tar · 1.2 MB of 2.0 MB". */
    public ReadOnlyStringProperty loadTextProperty() {
        return loadText.getReadOnlyProperty();
    }

    /** Why the last load failed, in Docker's words; empty otherwise. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    /** What the last load added; empty otherwise. */
    public ReadOnlyStringProperty loadMessageProperty() {
        return loadMessage.getReadOnlyProperty();
    }
}
