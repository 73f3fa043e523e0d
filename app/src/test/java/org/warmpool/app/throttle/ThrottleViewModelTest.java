package org.warmpool.app.throttle;

import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleViewModelTest {
    static final ThrottleLimits LIMITS = new ThrottleLimits(64, 4, 2, 100, 5.0, 10);
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    final Fakes.FakeLimits limits = new Fakes.FakeLimits(LIMITS);
    final ThrottleViewModel model = new ThrottleViewModel(limits, () -> ZoneOffset.UTC);

    static ThrottleSnapshot throttle(int connections, int inFlight, int queued, long rate, long queueFull) {
        return new ThrottleSnapshot(LIMITS, connections, inFlight, queued,
                Map.of("connections", 0L, "rate", rate, "per_connection", 0L, "queue_full", queueFull));
    }

    @Test
    void theBigNumbersFollowTheLatestSnapshotAndSayWhatTheyAreOutOf() {
        model.update(throttle(3, 7, 2, 0, 0), T0);

        assertThat(model.connectionsProperty().get()).isEqualTo(3);
        assertThat(model.inFlightProperty().get()).isEqualTo(7);
        assertThat(model.queuedProperty().get()).isEqualTo(2);
        assertThat(model.connectionsOfProperty().get()).isEqualTo("of 64 allowed");
        assertThat(model.inFlightOfProperty().get()).isEqualTo("of 104 (4 running + 100 waiting)");
        assertThat(model.moodProperty().get()).as("work waits, nothing turned away").isEqualTo(ThrottleViewModel.Mood.BUSY);
    }

    @Test
    void rejectionsAreCountedPerSampleByReasonAndSummedOverTheLastFiveMinutes() {
        model.update(throttle(1, 0, 0, 0, 0), T0);
        model.update(throttle(1, 1, 0, 3, 0), T0.plusSeconds(2));
        model.update(throttle(1, 1, 0, 5, 1), T0.plusSeconds(4));

        List<ThrottleViewModel.Sample> history = model.history();
        assertThat(history).hasSize(3);
        assertThat(history.get(1).rejected()).containsEntry("rate", 3L).containsEntry("queue_full", 0L);
        assertThat(history.get(2).rejected()).containsEntry("rate", 2L).containsEntry("queue_full", 1L);
        assertThat(model.rejectedTotalProperty("rate").get()).isEqualTo(5);
        assertThat(model.rejectedRecentProperty("rate").get()).isEqualTo(5);
        assertThat(model.rejectedRecentProperty("queue_full").get()).isEqualTo(1);
        assertThat(model.headlineProperty().get()).isEqualTo("6 submissions turned away in the last 5 minutes");
        assertThat(model.headlineDetailProperty().get()).startsWith("Mostly rate").contains("raise rate or burst");
        assertThat(model.moodProperty().get()).isEqualTo(ThrottleViewModel.Mood.TURNING_AWAY);
    }

    @Test
    void framesFasterThanTheSampleIntervalUpdateTheNumbersButNotTheHistory() {
        model.update(throttle(1, 0, 0, 0, 0), T0);
        model.update(throttle(2, 0, 0, 4, 0), T0.plusMillis(250));
        model.update(throttle(3, 0, 0, 4, 0), T0.plusMillis(500));

        assertThat(model.history()).hasSize(1);
        assertThat(model.connectionsProperty().get()).isEqualTo(3);
        assertThat(model.rejectedRecentProperty("rate").get()).as("counted before the next sample").isEqualTo(4);
    }

    @Test
    void theHistoryKeepsOnlyTheLastFiveMinutes() {
        for (int s = 0; s <= 600; s++) {
            model.update(throttle(1, 0, 0, s < 100 ? s : 100, 0), T0.plusSeconds(s));
        }

        List<ThrottleViewModel.Sample> history = model.history();
        assertThat(history.size()).isLessThanOrEqualTo((int) (ThrottleViewModel.WINDOW.toSeconds() / ThrottleViewModel.SAMPLE_EVERY.toSeconds()) + 1);
        assertThat(history.get(0).at()).isAfterOrEqualTo(T0.plusSeconds(600).minus(ThrottleViewModel.WINDOW));
        assertThat(model.windowEndProperty().get()).isEqualTo(600.0);
        assertThat(model.rejectedRecentProperty("rate").get()).as("rejections 8 minutes ago are out of the window").isZero();
        assertThat(model.rejectedTotalProperty("rate").get()).isEqualTo(100);
        assertThat(model.headlineProperty().get()).isEqualTo("No submissions turned away in the last 5 minutes");
        assertThat(model.headlineDetailProperty().get()).isEqualTo("100 turned away earlier; none recently.");
    }

    @Test
    void limitsChangedElsewhereFillTheFieldsUnlessTheOperatorIsEditingThem() {
        LimitsForm form = model.form();
        ThrottleLimits elsewhere = LIMITS.withRate(2.0, 3);
        model.update(new ThrottleSnapshot(elsewhere, 0, 0, 0, Map.of()), T0);
        assertThat(form.ratePerSecond().textProperty().get()).isEqualTo("2");
        assertThat(form.burst().textProperty().get()).isEqualTo("3");

        form.burst().textProperty().set("7");
        model.update(new ThrottleSnapshot(LIMITS, 0, 0, 0, Map.of()), T0.plus(Duration.ofSeconds(1)));
        assertThat(form.burst().textProperty().get()).as("an edit in progress is kept").isEqualTo("7");
        assertThat(form.dirtyProperty().get()).isTrue();
        assertThat(form.limits()).isEqualTo(LIMITS);
    }

    @Test
    void whatTheNumbersAreOutOfFollowsTheLimitsApplied() {
        model.form().queueCapacity().textProperty().set("20");
        model.form().apply();
        assertThat(model.inFlightOfProperty().get()).isEqualTo("of 24 (4 running + 20 waiting)");
        assertThat(model.queuedOfProperty().get()).isEqualTo("of 20 places");
    }
}
