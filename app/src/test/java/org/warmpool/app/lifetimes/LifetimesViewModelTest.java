package org.warmpool.app.lifetimes;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LifetimesViewModelTest {
    final LifetimesViewModel model = new LifetimesViewModel();

    static ContainerLife life(String id, String image, long created, Long removed, String outcome) {
        Instant c = Instant.ofEpochSecond(created);
        return new ContainerLife(id, image, true, removed == null ? ContainerPhase.READY : ContainerPhase.GONE, c,
                c.plusMillis(200), removed == null ? null : c.plusSeconds(1), null, null, null,
                removed == null ? null : Instant.ofEpochSecond(removed), "", outcome);
    }

    static EngineSnapshot at(long second, ContainerLife... lives) {
        return new EngineSnapshot(Instant.ofEpochSecond(second), true, "", List.of(), List.of(lives),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0);
    }

    @Test
    void livesFromSnapshotsAndEventsAreShownOldestFirst() {
        model.update(at(100, life("b", "warmpool/busybox", 50, 60L, "green")), List.of(
                new EngineEvent.ContainerChanged(Instant.ofEpochSecond(100), life("a", "warmpool/busybox", 40, 45L, "red"))));
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "b");
    }

    @Test
    void filtersByImageAndOutcome() {
        model.update(at(100, life("a", "warmpool/busybox", 40, 45L, "red"), life("b", "warmpool/python-pytest", 50, 60L, "green"),
                life("c", "warmpool/busybox", 70, null, "")), List.of());
        model.outcomeFilterProperty().set("red");
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a");
        model.outcomeFilterProperty().set(LifetimesViewModel.ALL);
        model.imageFilterProperty().set("warmpool/busybox");
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "c");
        assertThat(model.images()).containsExactly("warmpool/busybox", "warmpool/python-pytest");
    }

    @Test
    void containersGoneLongerThanTheWindowAreTrimmedSoNothingAccumulates() {
        for (int i = 0; i < 1000; i++) {
            model.update(at(i, life("c" + i, "warmpool/busybox", i, (long) i + 1, "green")), List.of());
        }
        assertThat(model.kept()).as("lives kept after 1000 s of one container a second").isLessThanOrEqualTo(302);
        assertThat(model.shownProperty().get().get(0).id()).isEqualTo("c698");
    }

    @Test
    void pausingFreezesWhatIsShownWhileTheModelKeepsCollecting() {
        model.update(at(100, life("a", "warmpool/busybox", 40, 45L, "red")), List.of());
        model.pausedProperty().set(true);
        model.update(at(101, life("b", "warmpool/busybox", 100, null, "")), List.of());
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a");
        assertThat(model.nowProperty().get()).isEqualTo(Instant.ofEpochSecond(100));
        model.pausedProperty().set(false);
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "b");
    }
}
