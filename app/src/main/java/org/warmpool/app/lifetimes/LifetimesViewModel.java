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
 * {@link #WINDOW}, filtered by image and outcome. Older lives are trimmed, so nothing grows for
 * ever; while paused, the shown list stays still and the model keeps collecting.
 */
public final class LifetimesViewModel {
    public static final Duration WINDOW = Duration.ofMinutes(5);
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

    public LifetimesViewModel() {
        image.addListener((o, a, b) -> publish());
        outcome.addListener((o, a, b) -> publish());
        paused.addListener((o, a, b) -> publish());
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
        Instant horizon = snapshot.at().minus(WINDOW);
        lives.values().removeIf(life -> life.removed() != null && life.removed().isBefore(horizon));
        if (!paused.get()) {
            now.set(snapshot.at());
        }
        publish();
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

    /** The right edge of the timeline. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
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

    /** "4 min ago" … "now": the timeline's labels, one a minute, oldest first. */
    public static List<String> timeLabels() {
        List<String> labels = new ArrayList<>();
        long minutes = WINDOW.toMinutes();
        for (long minute = 0; minute <= minutes; minute++) {
            labels.add(minute == minutes ? "now" : (minutes - minute) + " min ago");
        }
        return labels;
    }

    /** Lives kept (all images and outcomes), for tests and the summary. */
    public int kept() {
        return lives.size();
    }
}
