package org.warmpool.app.lifetimes;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LifetimesViewModelTest {
    final LifetimesViewModel model = new LifetimesViewModel();

    static ContainerLife life(String id, String image, long created, Long removed, Outcome outcome) {
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
        model.update(at(100, life("b", "warmpool/busybox", 50, 60L, Outcome.GREEN)), List.of(
                new EngineEvent.ContainerChanged(Instant.ofEpochSecond(100), life("a", "warmpool/busybox", 40, 45L, Outcome.RED))));
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "b");
    }

    @Test
    void filtersByImageAndOutcome() {
        model.update(at(100, life("a", "warmpool/busybox", 40, 45L, Outcome.RED), life("b", "warmpool/python-pytest", 50, 60L, Outcome.GREEN),
                life("c", "warmpool/busybox", 70, null, null)), List.of());
        model.outcomeFilterProperty().set(Outcome.RED);
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a");
        model.outcomeFilterProperty().set(null);
        model.imageFilterProperty().set("warmpool/busybox");
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "c");
        assertThat(model.images()).containsExactly("warmpool/busybox", "warmpool/python-pytest");
    }

    @Test
    void containersGoneLongerThanTheWindowAreTrimmedSoNothingAccumulates() {
        for (int i = 0; i < 1000; i++) {
            model.update(at(i, life("c" + i, "warmpool/busybox", i, (long) i + 1, Outcome.GREEN)), List.of());
        }
        assertThat(model.kept()).as("lives kept after 1000 s of one container a second").isLessThanOrEqualTo(302);
        assertThat(model.shownProperty().get().get(0).id()).isEqualTo("c698");
    }

    @Test
    void aContainerIsDescribedInALineWithItsShortIdAndHowLongItTook() {
        ContainerLife life = new ContainerLife("0123456789abcdef0123", "warmpool/busybox", true, ContainerPhase.GONE,
                Instant.ofEpochSecond(100), Instant.ofEpochMilli(100_250), Instant.ofEpochSecond(101), Instant.ofEpochSecond(101),
                Instant.ofEpochMilli(101_400), Instant.ofEpochSecond(102), Instant.ofEpochSecond(102), "served run kata-1",
                Outcome.TIMED_OUT);

        assertThat(LifetimesViewModel.shortId(life.id())).isEqualTo("0123456789ab");
        assertThat(LifetimesViewModel.describe(life)).isEqualTo("0123456789ab  warmpool/busybox  warm  gone  outcome timed out"
                + "  — served run kata-1  started in 250 ms, ran 400 ms");
        assertThat(LifetimesViewModel.OUTCOME_CHOICES).extracting(LifetimesViewModel::outcomeName)
                .containsExactly("all", "red", "amber", "green", "timed out", "faulty");
    }

    @Test
    void aContainerOnOneOfSeveralEnginesSaysWhichInItsLine() {
        ContainerLife life = new ContainerLife("fedcba9876543210", "warmpool/busybox", true, ContainerPhase.READY,
                Instant.ofEpochSecond(100), Instant.ofEpochMilli(100_300), null, null, null, null, null, "", null, "dind-2");

        assertThat(LifetimesViewModel.describe(life)).isEqualTo("fedcba987654  warmpool/busybox  on dind-2  warm  ready"
                + "  started in 300 ms");
    }

    @Test
    void pausingFreezesWhatIsShownWhileTheModelKeepsCollecting() {
        model.update(at(100, life("a", "warmpool/busybox", 40, 45L, Outcome.RED)), List.of());
        model.pausedProperty().set(true);
        model.update(at(101, life("b", "warmpool/busybox", 100, null, null)), List.of());
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a");
        assertThat(model.nowProperty().get()).isEqualTo(Instant.ofEpochSecond(100));
        model.pausedProperty().set(false);
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "b");
    }
}
