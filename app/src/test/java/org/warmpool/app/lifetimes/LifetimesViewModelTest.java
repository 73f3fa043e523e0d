package org.warmpool.app.lifetimes;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
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
    void containersGoneLongerThanTheHistoryAreTrimmedSoNothingAccumulates() {
        for (int i = 0; i < 5000; i++) {
            model.update(at(i, life("c" + i, "warmpool/busybox", i, (long) i + 1, Outcome.GREEN)), List.of());
        }
        assertThat(model.kept()).as("lives kept after 5000 s of one container a second").isLessThanOrEqualTo(3602);
        assertThat(model.shownProperty().get().get(0).id()).isEqualTo("c1398");
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
        assertThat(model.endProperty().get()).as("the right edge, following a paused now").isEqualTo(Instant.ofEpochSecond(100));
        model.pausedProperty().set(false);
        assertThat(model.shownProperty().get()).extracting(ContainerLife::id).containsExactly("a", "b");
    }

    static final long T = 1_800_000_000L; // an hour of history before it and more

    @Test
    void aNewViewShowsFiveMinutesUpToNowAndFollowsNowAsItMoves() {
        model.update(at(T), List.of());
        assertThat(model.windowProperty().get()).isEqualTo(Duration.ofMinutes(5));
        assertThat(model.followProperty().get()).as("following").isTrue();
        assertThat(model.endProperty().get()).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(model.start()).isEqualTo(Instant.ofEpochSecond(T - 300));

        model.update(at(T + 10), List.of());

        assertThat(model.endProperty().get()).as("the right edge moved with now").isEqualTo(Instant.ofEpochSecond(T + 10));
    }

    @Test
    void zoomStaysBetweenOneMinuteAndOneHourAndWhileFollowingKeepsNowAtTheRightEdge() {
        model.update(at(T), List.of());
        model.zoom(0.5, 0.3);
        assertThat(model.windowProperty().get()).isEqualTo(Duration.ofSeconds(150));
        assertThat(model.endProperty().get()).as("still now").isEqualTo(Instant.ofEpochSecond(T));
        for (int i = 0; i < 10; i++) {
            model.zoom(0.5, 1);
        }
        assertThat(model.windowProperty().get()).as("zoomed in as far as it goes").isEqualTo(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            model.zoom(2, 1);
        }
        assertThat(model.windowProperty().get()).as("zoomed out as far as it goes").isEqualTo(Duration.ofHours(1));
        model.setWindow(Duration.ofHours(3));
        assertThat(model.windowProperty().get()).as("a window longer than the history").isEqualTo(Duration.ofHours(1));
        assertThat(LifetimesViewModel.windowText(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(LifetimesViewModel.windowText(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
    }

    @Test
    void zoomingWhileScrolledBackKeepsTheMomentUnderThePointerWhereItIs() {
        model.update(at(T), List.of());
        model.scrollBy(Duration.ofMinutes(-20)); // the window: T-25 min .. T-20 min
        Instant under = model.start().plus(Duration.ofMinutes(1)); // a fifth of the way across

        model.zoom(0.5, 0.2);

        assertThat(model.windowProperty().get()).isEqualTo(Duration.ofSeconds(150));
        assertThat(model.start().plusMillis(Math.round(150_000 * 0.2))).as("the moment under the pointer").isEqualTo(under);
        assertThat(model.followProperty().get()).isFalse();
    }

    @Test
    void scrollingBackStopsFollowingAndTheWindowStaysPutWhileNowMovesOn() {
        model.update(at(T), List.of());
        model.scrollBy(Duration.ofMinutes(-10));
        assertThat(model.followProperty().get()).as("following after scrolling back").isFalse();
        assertThat(model.endProperty().get()).isEqualTo(Instant.ofEpochSecond(T - 600));

        model.update(at(T + 30), List.of());

        assertThat(model.endProperty().get()).as("the right edge after now moved on").isEqualTo(Instant.ofEpochSecond(T - 600));
        model.followNow();
        assertThat(model.endProperty().get()).isEqualTo(Instant.ofEpochSecond(T + 30));
        assertThat(model.followProperty().get()).isTrue();
    }

    @Test
    void scrollingStopsAtNowAndAtTheStartOfTheHourKeptAndReachingNowFollowsAgain() {
        model.update(at(T), List.of());
        model.scrollBy(Duration.ofHours(-5));
        assertThat(model.start()).as("the left edge, scrolled back further than the history").isEqualTo(Instant.ofEpochSecond(T - 3600));
        assertThat(model.scrollPosition()).isZero();
        assertThat(model.scrollMax()).isEqualTo(Duration.ofMinutes(55).toMillis());

        model.scrollBy(Duration.ofHours(2));

        assertThat(model.endProperty().get()).as("scrolled past now").isEqualTo(Instant.ofEpochSecond(T));
        assertThat(model.followProperty().get()).as("following again at now").isTrue();
        model.scrollToPosition(Duration.ofMinutes(30).toMillis());
        assertThat(model.start()).as("the scrollbar dragged half-way").isEqualTo(Instant.ofEpochSecond(T - 1800));
        assertThat(model.followProperty().get()).isFalse();
    }

    @Test
    void theRowsAreTheLivesThatShareAMomentWithTheWindow() {
        model.update(at(T, life("long-gone", "warmpool/busybox", T - 1000, T - 990, Outcome.GREEN),
                life("just-in", "warmpool/busybox", T - 400, T - 299, Outcome.RED),
                life("recent", "warmpool/busybox", T - 100, T - 90, Outcome.GREEN),
                life("alive", "warmpool/busybox", T - 2000, null, null)), List.of());
        assertThat(model.inWindow()).extracting(ContainerLife::id).containsExactly("alive", "just-in", "recent");

        model.scrollBy(Duration.ofMinutes(-16)); // T-1260 .. T-960

        assertThat(model.inWindow()).extracting(ContainerLife::id).containsExactly("alive", "long-gone");
    }

    @Test
    void aTimeWindowMapsMomentsToPixelsAndBackAndTicksOnRoundClockTimes() {
        TimeWindow window = new TimeWindow(Instant.parse("2026-11-29T10:00:07Z").toEpochMilli(),
                Instant.parse("2026-11-29T10:05:07Z").toEpochMilli(), 110, 1000);
        long middle = Instant.parse("2026-11-29T10:02:37Z").toEpochMilli();
        assertThat(window.x(middle)).isEqualTo(610.0);
        assertThat(window.millisAt(610)).isEqualTo(middle);
        List<TimeWindow.Tick> ticks = window.ticks(java.time.ZoneOffset.UTC, 90);
        assertThat(window.tickStep(90)).as("5 minutes over 1000 px, labels 90 px apart").isEqualTo(30_000);
        assertThat(ticks).extracting(TimeWindow.Tick::label).startsWith("10:00:30", "10:01:00").endsWith("10:05:00").hasSize(10);
        assertThat(new TimeWindow(0, 3_600_000, 0, 1000).ticks(java.time.ZoneOffset.ofHours(1), 90))
                .extracting(TimeWindow.Tick::label).as("an hour over 1000 px").containsExactly(
                        "01:00", "01:10", "01:20", "01:30", "01:40", "01:50", "02:00");
    }
}
