package org.warmpool.app.pools;

import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.Fakes.pool;

/** The Pools view model without a screen or an engine: snapshots by hand, the port faked. */
class PoolsViewModelTest {
    final Fakes.FakePools pools = new Fakes.FakePools();
    final PoolsViewModel model = new PoolsViewModel(pools, null, Runnable::run, Runnable::run);

    static EngineSnapshot snapshot(long second, PoolSnapshot... pools) {
        return new EngineSnapshot(Instant.ofEpochSecond(second), true, "", List.of(pools), List.of(),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0);
    }

    PoolRow row(String image) {
        return model.rows().stream().filter(r -> r.image().equals(image)).findFirst().orElseThrow();
    }

    static Pools.PoolProgress progress(String image, int ready, int target) {
        return new Pools.PoolProgress(image, ready, target, ready >= target, "");
    }

    @Test
    void rowsFollowThePoolsInTheSnapshotsSortedByImage() {
        model.update(snapshot(1, pool("warmpool/python-pytest", 2, 1, 1), pool("warmpool/busybox", 1, 1, 0)));
        assertThat(model.rows()).extracting(PoolRow::image).containsExactly("warmpool/busybox", "warmpool/python-pytest");
        PoolRow pytest = model.rows().get(1);
        assertThat(pytest.stateProperty().get()).isEqualTo("ready");
        assertThat(pytest.countsProperty().get()).isEqualTo("ready 1 · starting 0 · running 1 · retiring 0");
        assertThat(pytest.startsProperty().get()).isEqualTo("4 warm · 1 cold");
        assertThat(pytest.latencyProperty().get()).isEqualTo("p50 120 ms · p95 300 ms");
        assertThat(pytest.outcome(Outcome.GREEN)).isEqualTo(3);
        assertThat(pytest.outcomeProperty(Outcome.GREEN).get()).isEqualTo("green 3");
        assertThat(pytest.outcomeProperty(Outcome.TIMED_OUT).get()).isEqualTo("timed out 0");

        model.update(snapshot(2, pool("warmpool/busybox", 1, 1, 0)));
        assertThat(model.rows()).as("a removed pool's row goes").extracting(PoolRow::image).containsExactly("warmpool/busybox");
    }

    @Test
    void theChartKeepsOneSampleASecondForFiveMinutesAndNoMore() {
        for (int second = 0; second < 400; second++) {
            model.update(snapshot(second, pool("warmpool/busybox", 2, second % 3, 1)));
            model.update(snapshot(second, pool("warmpool/busybox", 2, second % 3, 1))); // 4 frames a second
        }
        List<PoolRow.Sample> history = model.rows().get(0).history();
        assertThat(history).hasSize(PoolRow.HISTORY);
        assertThat(history.get(history.size() - 1).epochSecond()).isEqualTo(399);
        assertThat(history.get(0).epochSecond()).isEqualTo(100);
    }

    @Test
    void aNewTargetGoesToThePortAndTheCardShowsTheEnginesAnswer() {
        pools.targets.put("warmpool/busybox", 1);
        model.update(snapshot(1, pool("warmpool/busybox", 1, 1, 0)));

        model.setTarget("warmpool/busybox", 3);

        assertThat(pools.targets).containsEntry("warmpool/busybox", 3);
        assertThat(model.rows().get(0).answerProperty().get()).isEqualTo("target 3: 1 ready, 2 starting");
    }

    @Test
    void aTargetTheEngineRefusesIsAnsweredOnTheCard() {
        model.update(snapshot(1, pool("warmpool/gone", 1, 1, 0)));

        model.setTarget("warmpool/gone", 3);

        assertThat(model.rows().get(0).answerProperty().get()).isEqualTo("no pool for warmpool/gone");
    }

    @Test
    void addingAndRemovingSayWhatTheEngineSaid() {
        pools.nextAdd = CompletableFuture.completedFuture(new PoolSnapshot("debian:12", PoolState.FAULTY,
                "no traffic-light rule at /usr/local/bin/red_amber_green.rb", 1, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, true, "", false));
        model.addPool("debian:12", 1).join();
        assertThat(pools.targets).containsEntry("debian:12", 1);
        assertThat(model.messageProperty().get()).isEqualTo("debian:12: no traffic-light rule at /usr/local/bin/red_amber_green.rb");

        pools.nextAdd = CompletableFuture.failedFuture(new IllegalStateException("Docker is not answering"));
        model.addPool("warmpool/busybox", 1).join();
        assertThat(model.messageProperty().get()).isEqualTo("could not add warmpool/busybox: Docker is not answering");

        model.removePool("debian:12").join();
        assertThat(pools.removed).containsExactly("debian:12");
        assertThat(model.messageProperty().get()).isEqualTo("removed debian:12");
    }

    @Test
    void prepareAllShowsEachPoolsWayToItsTargetUntilAllAreFull() {
        model.update(snapshot(1, pool("warmpool/busybox", 1, 0, 0), pool("warmpool/python-pytest", 3, 0, 0)));

        model.prepareAll();
        assertThat(model.preparingProperty().get()).isTrue();
        assertThat(model.preparationProperty().get()).isEqualTo("preparing 2 pools …");
        Fakes.FakePreparation preparation = pools.preparations.get(0);

        preparation.progress(progress("warmpool/busybox", 1, 1), progress("warmpool/python-pytest", 1, 3));
        assertThat(model.preparationProperty().get()).isEqualTo("1 of 2 pools full …");
        assertThat(row("warmpool/busybox").preparationProperty().get()).isEqualTo("full");
        assertThat(row("warmpool/python-pytest").preparationProperty().get()).isEqualTo("1 of 3 ready");

        preparation.progress(progress("warmpool/busybox", 1, 1), progress("warmpool/python-pytest", 3, 3));
        assertThat(model.preparingProperty().get()).isFalse();
        assertThat(model.preparationProperty().get()).isEqualTo("all 2 pools full — ready for the workshop");
        assertThat(model.rows()).as("the cards' progress, once done").allMatch(r -> r.preparationProperty().get().isEmpty());
    }

    @Test
    void cancellingStopsWaitingAndSaysHowFarThePoolsGot() {
        model.update(snapshot(1, pool("warmpool/busybox", 1, 0, 0), pool("warmpool/python-pytest", 3, 0, 0)));
        model.prepareAll();
        Fakes.FakePreparation preparation = pools.preparations.get(0);
        preparation.progress(progress("warmpool/busybox", 1, 1), progress("warmpool/python-pytest", 1, 3));

        model.cancelPreparation();

        assertThat(preparation.cancelled).isTrue();
        assertThat(model.preparingProperty().get()).isFalse();
        assertThat(model.preparationProperty().get()).isEqualTo("stopped waiting: 1 of 2 pools full (the rest go on filling)");

        model.prepareAll();
        assertThat(pools.preparations).as("prepare all again, after a cancel").hasSize(2);
    }

    @Test
    void aPoolThatCannotFillIsSaidOnItsCardAndInTheToolbar() {
        model.update(snapshot(1, pool("warmpool/busybox", 1, 0, 0), pool("debian:12", 1, 0, 0)));
        model.prepareAll();
        Fakes.FakePreparation preparation = pools.preparations.get(0);

        preparation.progress(progress("warmpool/busybox", 1, 1), new Pools.PoolProgress("debian:12", 0, 1, false, "starting …"));
        assertThat(row("debian:12").preparationProperty().get()).as("a problem while still trying").isEqualTo("0 of 1 ready");

        preparation.progress(progress("warmpool/busybox", 1, 1), new Pools.PoolProgress("debian:12", 0, 1, true, "no bash in the image"));

        assertThat(model.preparationProperty().get()).isEqualTo("1 of 2 pools full — 1 cannot fill (see its card)");
        assertThat(row("debian:12").preparationProperty().get()).isEqualTo("cannot fill: no bash in the image");
        assertThat(row("warmpool/busybox").preparationProperty().get()).isEmpty();
    }

    List<String> steps() {
        return model.preparations().stream().map(p -> p.image() + ": " + p.textProperty().get()).toList();
    }

    static PoolSnapshot starting(String image, PoolState state, int target, int ready, int starting) {
        return new PoolSnapshot(image, state, "", target, ready, starting, 0, 0, 0, 0, Map.of(), 0, 0, true, "image", true);
    }

    @Test
    void prepareAllListsEachPoolWaitingPreparingReadyOrFailedWithItsProgress() {
        model.update(snapshot(1, starting("debian:12", PoolState.READY, 1, 0, 0), starting("warmpool/busybox", PoolState.READY, 2, 0, 0),
                starting("warmpool/python-pytest", PoolState.PREPARING, 3, 0, 0)));
        model.prepareAll();
        assertThat(steps()).as("before the engine's first word").containsExactly("debian:12: waiting", "warmpool/busybox: waiting",
                "warmpool/python-pytest: waiting");

        model.update(snapshot(2, starting("debian:12", PoolState.READY, 1, 0, 1), starting("warmpool/busybox", PoolState.READY, 2, 1, 1),
                starting("warmpool/python-pytest", PoolState.PREPARING, 3, 0, 0)));
        pools.preparations.get(0).progress(new Pools.PoolProgress("debian:12", 0, 1, false, ""), progress("warmpool/busybox", 1, 2),
                progress("warmpool/python-pytest", 0, 3));
        assertThat(steps()).containsExactly("debian:12: preparing 0/1", "warmpool/busybox: preparing 1/2",
                "warmpool/python-pytest: waiting: reading its traffic-light rule");
        assertThat(model.preparations().get(1).progressProperty().get()).as("busybox's bar").isEqualTo(0.5);
        assertThat(model.preparations().get(1).stepProperty().get()).isEqualTo(PoolPreparation.Step.PREPARING);

        model.update(snapshot(3, starting("debian:12", PoolState.FAULTY, 1, 0, 0), starting("warmpool/busybox", PoolState.READY, 2, 2, 0),
                starting("warmpool/python-pytest", PoolState.READY, 3, 0, 0)));
        pools.preparations.get(0).progress(new Pools.PoolProgress("debian:12", 0, 1, true, "no bash in the image"),
                progress("warmpool/busybox", 2, 2), progress("warmpool/python-pytest", 0, 3));
        assertThat(steps()).containsExactly("debian:12: failed: no bash in the image", "warmpool/busybox: ready 2/2",
                "warmpool/python-pytest: waiting for a turn to start containers");
        assertThat(model.preparations()).extracting(p -> p.stepProperty().get())
                .containsExactly(PoolPreparation.Step.FAILED, PoolPreparation.Step.READY, PoolPreparation.Step.WAITING);
    }

    @Test
    void cancellingSaysWhereEachPoolStoppedAndKeepsTheListUntilHidden() {
        model.update(snapshot(1, starting("warmpool/busybox", PoolState.READY, 1, 0, 1), starting("warmpool/python-pytest", PoolState.READY, 3, 1, 1)));
        model.prepareAll();
        pools.preparations.get(0).progress(progress("warmpool/busybox", 1, 1), progress("warmpool/python-pytest", 1, 3));

        model.cancelPreparation();

        assertThat(steps()).containsExactly("warmpool/busybox: ready 1/1",
                "warmpool/python-pytest: cancelled at 1/3 (the pool goes on filling to its target)");
        model.dismissPreparation();
        assertThat(model.preparations()).as("the list, once hidden").isEmpty();
        assertThat(model.preparationProperty().get()).isEmpty();
    }
}
