package org.warmpool.app.lifetimes;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Container lifetimes for the timeline: the latest life of every container seen in the last
 * {@link #HISTORY}, filtered by image and outcome, and the stretch of time shown — a window of
 * {@link #MIN_WINDOW} to {@link #MAX_WINDOW} that zooms and scrolls back through the history, its
 * right edge following now until the operator scrolls back. Older lives are trimmed, so nothing
 * grows for ever; while paused, the shown list and now stay still and the model keeps collecting.
 */
public final class LifetimesViewModel {
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofHours(1);
    /** The window a new view opens with. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** How far back the timeline scrolls: lives gone longer ago are trimmed. */
    public static final Duration HISTORY = Duration.ofHours(1);
    /** Lives kept at most, however busy the hour (the oldest go first). */
    static final int MAX_KEPT = 20_000;
    /** The image filter's value that lets every image through. */
    public static final String ALL = "all";
    /** The outcome filter's choices: {@code null} (every outcome), then each outcome. */
    public static final List<Outcome> OUTCOME_CHOICES = outcomeChoices();
    /** Characters of a container id shown (as {@code docker ps} does). */
    static final int SHORT_ID = 12;

    private final Map<String, ContainerLife> lives = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<List<ContainerLife>> shown = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    private final ObjectProperty<String> image = new SimpleObjectProperty<>(ALL);
    private final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Duration> window = new ReadOnlyObjectWrapper<>(DEFAULT_WINDOW);
    private final ReadOnlyObjectWrapper<Instant> end = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    private final BooleanProperty follow = new SimpleBooleanProperty(true);

    public LifetimesViewModel() {
        image.addListener((o, a, b) -> publish());
        outcome.addListener((o, a, b) -> publish());
        paused.addListener((o, a, b) -> publish());
        follow.addListener((o, was, following) -> {
            if (following) {
                end.set(now.get());
            }
        });
    }

    /** Takes a frame's snapshot and events; FX thread. */
    public void update(EngineSnapshot snapshot, List<EngineEvent> events) {
        for (ContainerLife life : snapshot.containers()) {
            lives.put(life.id(), life);
        }
        for (EngineEvent event : events) {
            if (event instanceof EngineEvent.ContainerChanged changed) {
                lives.put(changed.container().id(), changed.container());
            }
        }
        Instant horizon = snapshot.at().minus(HISTORY);
        lives.values().removeIf(life -> life.removed() != null && life.removed().isBefore(horizon));
        if (lives.size() > MAX_KEPT) {
            var oldest = lives.values().iterator();
            for (int extra = lives.size() - MAX_KEPT; extra > 0; extra--) {
                oldest.next();
                oldest.remove();
            }
        }
        if (!paused.get()) {
            now.set(snapshot.at());
        }
        moveEnd(follow.get() ? now.get() : end.get(), false);
        publish();
    }

    // ---------------------------------------------------------------- the window: zoom, scroll, follow

    /**
     * Zooms by {@code factor} (below 1 in, above 1 out), within {@link #MIN_WINDOW}..{@link #MAX_WINDOW},
     * keeping the moment at {@code anchor} (0 the left edge, 1 the right) where it is — or, while
     * following, the right edge at now.
     */
    public void zoom(double factor, double anchor) {
        long before = window.get().toMillis();
        long after = clampWindow(Math.round(before * factor));
        if (after == before) {
            return;
        }
        double at = Math.max(0, Math.min(1, anchor));
        long anchorMillis = start().toEpochMilli() + Math.round(before * at);
        window.set(Duration.ofMillis(after));
        moveEnd(follow.get() ? now.get() : Instant.ofEpochMilli(anchorMillis + Math.round(after * (1 - at))), false);
    }

    /** Sets the window's length (the slider), keeping its right edge. */
    public void setWindow(Duration length) {
        window.set(Duration.ofMillis(clampWindow(length.toMillis())));
        moveEnd(end.get(), false);
    }

    /** Moves the window by {@code delta} (negative: back in time). Scrolling back stops following; reaching now follows again. */
    public void scrollBy(Duration delta) {
        moveEnd(end.get().plus(delta), true);
    }

    /** Puts the window's right edge at {@code right} (kept within the history and now); at now it follows. */
    public void scrollTo(Instant right) {
        moveEnd(right, true);
    }

    /** Back to now, following it. */
    public void followNow() {
        follow.set(true);
        end.set(now.get());
    }

    private void moveEnd(Instant right, boolean operator) {
        Instant latest = now.get();
        Instant earliest = latest.minus(HISTORY).plus(window.get());
        Instant clamped = right.isAfter(latest) ? latest : right.isBefore(earliest) ? earliest : right;
        end.set(clamped);
        if (operator) {
            follow.set(!clamped.isBefore(latest));
        }
    }

    private static long clampWindow(long millis) {
        return Math.max(MIN_WINDOW.toMillis(), Math.min(MAX_WINDOW.toMillis(), millis));
    }

    /** The window's left edge. */
    public Instant start() {
        return end.get().minus(window.get());
    }

    /** The window laid across {@code width} pixels from {@code left}. */
    public TimeWindow timeWindow(double left, double width) {
        return new TimeWindow(start().toEpochMilli(), end.get().toEpochMilli(), left, Math.max(1, width));
    }

    /** Where the window's left edge is within the history, in milliseconds from its start (the scrollbar's value). */
    public double scrollPosition() {
        return Duration.between(now.get().minus(HISTORY), start()).toMillis();
    }

    /** The scrollbar's range: the history less the window, in milliseconds. */
    public double scrollMax() {
        return HISTORY.minus(window.get()).toMillis();
    }

    /** Moves the window's left edge to {@code millis} from the history's start (the scrollbar, dragged). */
    public void scrollToPosition(double millis) {
        scrollTo(now.get().minus(HISTORY).plusMillis(Math.round(millis)).plus(window.get()));
    }

    /** The shown lives that share a moment with the window, oldest first: the rows to draw. */
    public List<ContainerLife> inWindow() {
        return overlapping(shown.get(), start(), end.get(), now.get());
    }

    /** The lives of {@code lives} alive at some moment of {@code [from, to]}; one still alive lives until {@code now}. */
    static List<ContainerLife> overlapping(List<ContainerLife> lives, Instant from, Instant to, Instant now) {
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        long alive = now.toEpochMilli();
        List<ContainerLife> rows = new ArrayList<>();
        for (ContainerLife life : lives) {
            long born = life.created().toEpochMilli();
            long gone = life.removed() == null ? Math.max(alive, born) : life.removed().toEpochMilli();
            if (born <= end && gone >= start) {
                rows.add(life);
            }
        }
        return rows;
    }

    /** "5 min", "1 h", "2 min 30 s": a window's length in words. */
    public static String windowText(Duration length) {
        long seconds = Math.round(length.toMillis() / 1000.0);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append(" h");
        }
        if (minutes > 0) {
            text.append(text.isEmpty() ? "" : " ").append(minutes).append(" min");
        }
        if (rest > 0 || text.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append(rest).append(" s");
        }
        return text.toString();
    }

    private void publish() {
        if (paused.get()) {
            return;
        }
        shown.set(lives.values().stream()
                .filter(l -> ALL.equals(image.get()) || Objects.equals(l.image(), image.get()))
                .filter(l -> outcome.get() == null || l.outcome() == outcome.get())
                .sorted(Comparator.comparing(ContainerLife::created))
                .toList());
    }

    /** Images seen, for the filter. */
    public List<String> images() {
        return lives.values().stream().map(ContainerLife::image).distinct().sorted().toList();
    }

    public ReadOnlyObjectProperty<List<ContainerLife>> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The engine's time at the latest snapshot (held while paused). */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** The window's right edge: now while following. */
    public ReadOnlyObjectProperty<Instant> endProperty() {
        return end.getReadOnlyProperty();
    }

    /** How much time the window spans ({@link #MIN_WINDOW}..{@link #MAX_WINDOW}). */
    public ReadOnlyObjectProperty<Duration> windowProperty() {
        return window.getReadOnlyProperty();
    }

    /** True while the right edge is now and moves with it; scrolling back clears it, setting it returns to now. */
    public BooleanProperty followProperty() {
        return follow;
    }

    public ObjectProperty<String> imageFilterProperty() {
        return image;
    }

    /** The outcome shown; {@code null} for all. */
    public ObjectProperty<Outcome> outcomeFilterProperty() {
        return outcome;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** "all", "red", … "timed out": an outcome filter's choice in words. */
    public static String outcomeName(Outcome outcome) {
        return outcome == null ? ALL : outcome.wireName().replace('_', ' ');
    }

    private static List<Outcome> outcomeChoices() {
        List<Outcome> choices = new ArrayList<>();
        choices.add(null);
        choices.addAll(Arrays.asList(Outcome.values()));
        return java.util.Collections.unmodifiableList(choices);
    }

    /** The first 12 characters of a container id, as {@code docker ps} shows it. */
    public static String shortId(String id) {
        return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
    }

    /** One container's life in a line: id, image, the engine it lives on, warm or cold, phase, outcome, why it ended, how long it took. */
    public static String describe(ContainerLife l) {
        StringBuilder text = new StringBuilder(shortId(l.id()) + "  " + l.image() + "  "
                + (l.engine().isEmpty() ? "" : "on " + l.engine() + "  ") + (l.warm() ? "warm" : "cold") + "  " + l.phase().name().toLowerCase(Locale.ROOT));
        if (l.outcome() != null) {
            text.append("  outcome ").append(outcomeName(l.outcome()));
        }
        if (!l.exitReason().isEmpty()) {
            text.append("  — ").append(l.exitReason());
        }
        if (l.ready() != null) {
            text.append("  started in ").append(Duration.between(l.created(), l.ready()).toMillis()).append(" ms");
        }
        if (l.execStart() != null && l.execEnd() != null) {
            text.append(", ran ").append(Duration.between(l.execStart(), l.execEnd()).toMillis()).append(" ms");
        }
        return text.toString();
    }

    /** Lives kept (all images and outcomes), for tests and the summary. */
    public int kept() {
        return lives.size();
    }
}
