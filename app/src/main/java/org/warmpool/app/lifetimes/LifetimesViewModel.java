package org.warmpool.app.lifetimes;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.warmpool.app.ConsoleContext;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Container lifetimes for the timeline: the latest life of every container seen in the last
 * {@link #WINDOW}, filtered by image and outcome. Older lives are trimmed, so nothing grows for
 * ever; while paused, the shown list stays still and the model keeps collecting.
 */
public final class LifetimesViewModel {
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** The filter value that lets everything through. */
    public static final String ALL = "all";

    private final Map<String, ContainerLife> lives = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<List<ContainerLife>> shown = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    private final ObjectProperty<String> image = new SimpleObjectProperty<>(ALL);
    private final ObjectProperty<String> outcome = new SimpleObjectProperty<>(ALL);
    private final BooleanProperty paused = new SimpleBooleanProperty();

    public LifetimesViewModel() {
        image.addListener((o, a, b) -> publish());
        outcome.addListener((o, a, b) -> publish());
        paused.addListener((o, a, b) -> publish());
    }

    public static LifetimesViewModel of(ConsoleContext context) {
        LifetimesViewModel model = new LifetimesViewModel();
        context.pump().listen(model::update);
        return model;
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
                .filter(l -> ALL.equals(outcome.get()) || Objects.equals(l.outcome(), outcome.get()))
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

    public ObjectProperty<String> outcomeFilterProperty() {
        return outcome;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** Lives kept (all images and outcomes), for tests and the summary. */
    public int kept() {
        return lives.size();
    }
}
