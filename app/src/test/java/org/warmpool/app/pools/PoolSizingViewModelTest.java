package org.warmpool.app.pools;

import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.Fakes.pool;
import static org.warmpool.app.pools.PoolsViewModelTest.snapshot;

/** How a card shows and changes a pool's sizing — auto and its range, why the target moved, the advice and Apply — without a screen. */
class PoolSizingViewModelTest {
    static final String PYTEST = "warmpool/python-pytest";
    static final Duration IDLE = Duration.ofSeconds(300);
    static final String GREW = "Grew to 3 at 18:02:11: a run started cold.";
    static final String WHY = "0.40 runs/s, refills take 4.1 s: 3 ready keep cold starts under 1 % (2 under 5 %).";

    /** The fake port, keeping the settings the view model gives it (ranges included). */
    static final class SizingPools extends Fakes.FakePools {
        final Map<String, PoolSettings> settings = new LinkedHashMap<>();

        @Override
        public Optional<PoolSettings> settings(String image) {
            return targets.containsKey(image)
                    ? Optional.of(settings.getOrDefault(image, PoolSettings.withTarget(targets.get(image)))) : Optional.empty();
        }

        @Override
        public CompletableFuture<PoolSnapshot> add(String image, PoolSettings poolSettings) {
            settings.put(image, poolSettings);
            return super.add(image, poolSettings);
        }
    }

    /** A reactive pool at {@code target} within {@code min..max}, with the advice given. */
    static PoolSnapshot auto(String image, int min, int max, int target, PoolAdvice advice) {
        return pool(image, target, 1, 0).withSizing(new PoolRange(min, max, IDLE), GREW, advice);
    }

    static PoolSnapshot fixed(String image, int target, PoolAdvice advice) {
        return pool(image, target, 1, 0).withSizing(null, "", advice);
    }

    static PoolAdvice advice(int target) {
        return new PoolAdvice(target, target - 1, WHY, 0.4, 4.1, 1.2, 0.12, 0.1, 120);
    }

    final SizingPools pools = new SizingPools();
    final PoolsViewModel model = new PoolsViewModel(pools, null, Runnable::run, Runnable::run);

    PoolRow row() {
        return model.rows().get(0);
    }

    @Test
    void aReactivePoolShowsAutoItsRangeAndWhyItsTargetLastChanged() {
        model.update(snapshot(1, auto(PYTEST, 1, 6, 3, advice(3))));

        assertThat(row().modeProperty().get()).isEqualTo("auto 1..6");
        assertThat(row().autoProperty().get()).isTrue();
        assertThat(row().reasonProperty().get()).isEqualTo(GREW);

        model.update(snapshot(2, fixed(PYTEST, 2, advice(3))));
        assertThat(row().modeProperty().get()).as("after it was made fixed").isEqualTo("fixed");
        assertThat(row().autoProperty().get()).isFalse();
    }

    @Test
    void theAdviceIsShownWithItsReasonOrWhyThereIsNoneYet() {
        model.update(snapshot(1, fixed(PYTEST, 2, advice(3))));
        assertThat(row().adviceProperty().get()).isEqualTo("advice: 3 (" + WHY + ")");

        model.update(snapshot(2, fixed(PYTEST, 2, PoolAdvice.none("Only 2 runs in the last 5 minutes; advice needs 20."))));
        assertThat(row().adviceProperty().get()).isEqualTo("advice: none yet (Only 2 runs in the last 5 minutes; advice needs 20.)");
        assertThat(row().applyDisabledProperty().get()).as("Apply without advice").isTrue();
        assertThat(row().applyMeaningProperty().get()).startsWith("No advice to apply yet: Only 2 runs");
    }

    @Test
    void applySetsAFixedPoolsTargetToTheAdviceThroughThePort() {
        pools.targets.put(PYTEST, 2);
        model.update(snapshot(1, fixed(PYTEST, 2, advice(4))));
        assertThat(row().applyDisabledProperty().get()).isFalse();
        assertThat(row().applyMeaningProperty().get()).isEqualTo("Sets the target to 4 (now 2).");

        model.applyAdvice(PYTEST);

        assertThat(pools.targets).containsEntry(PYTEST, 4);
        assertThat(pools.settings).as("a fixed pool's settings are left as they are").isEmpty();
        assertThat(row().answerProperty().get()).isEqualTo("target 4: 1 ready, 3 starting");
    }

    @Test
    void applyIsDisabledWhenTheAdviceIsWhatThePoolAlreadyKeeps() {
        model.update(snapshot(1, fixed(PYTEST, 3, advice(3))));
        assertThat(row().applyDisabledProperty().get()).as("fixed at the advice").isTrue();
        assertThat(row().applyMeaningProperty().get()).isEqualTo("The target is already 3.");

        model.update(snapshot(2, auto(PYTEST, 3, 6, 5, advice(3))));
        assertThat(row().applyDisabledProperty().get()).as("auto whose min is the advice").isTrue();

        model.update(snapshot(3, auto(PYTEST, 1, 6, 3, advice(3))));
        assertThat(row().applyDisabledProperty().get()).as("auto at the advice by itself, min below it").isFalse();
    }

    @Test
    void applyOnAReactivePoolMakesTheAdviceItsMinAndKeepsItAuto() {
        pools.targets.put(PYTEST, 1);
        pools.settings.put(PYTEST, PoolSettings.withTarget(1).range(new PoolRange(1, 6, IDLE)));
        model.update(snapshot(1, auto(PYTEST, 1, 6, 1, advice(3))));
        assertThat(row().applyMeaningProperty().get()).isEqualTo("Keeps the pool auto, from 1..6 to 3..6: at least 3 ready at all"
                + " times, growing up to 6 on cold starts and back to 3 when idle.");

        model.applyAdvice(PYTEST);

        assertThat(pools.settings.get(PYTEST).range()).isEqualTo(new PoolRange(3, 6, IDLE));
        assertThat(pools.targets).containsEntry(PYTEST, 3);
        assertThat(row().answerProperty().get()).isEqualTo("auto 3..6: target 3, 1 ready, 2 starting");
    }

    @Test
    void adviceAtOrAboveAReactivePoolsMaxRaisesTheMaxToo() {
        assertThat(PoolRow.advisedRange(new PoolRange(1, 6, IDLE), 8)).isEqualTo(new PoolRange(8, 9, IDLE));
        assertThat(PoolRow.advisedRange(new PoolRange(1, 6, IDLE), 6)).isEqualTo(new PoolRange(6, 7, IDLE));
        assertThat(PoolRow.advisedRange(new PoolRange(2, 6, IDLE), 0)).isEqualTo(new PoolRange(0, 6, IDLE));
    }

    @Test
    void aFixedPoolIsMadeAutoWithTheRangeTypedAndStartsAtItsMin() {
        pools.targets.put(PYTEST, 4);
        model.update(snapshot(1, fixed(PYTEST, 4, advice(3))));

        model.makeAuto(PYTEST, " 1..6 ");

        assertThat(pools.settings.get(PYTEST).range()).isEqualTo(new PoolRange(1, 6, PoolRange.DEFAULT_IDLE));
        assertThat(pools.targets).containsEntry(PYTEST, 1);
        assertThat(row().answerProperty().get()).isEqualTo("auto 1..6: target 1, 1 ready, 0 starting");
    }

    @Test
    void aPoolMadeAutoWaitsAsLongAsTheEnginesOtherReactivePools() {
        pools.targets.put(PYTEST, 2);
        model.update(snapshot(1, fixed(PYTEST, 2, advice(3)),
                pool("warmpool/busybox", 1, 1, 0).withSizing(new PoolRange(1, 4, Duration.ofSeconds(60)), "", advice(2))));

        model.makeAuto(PYTEST, "2..5");

        assertThat(pools.settings.get(PYTEST).range()).isEqualTo(new PoolRange(2, 5, Duration.ofSeconds(60)));
    }

    @Test
    void aMistypedRangeIsSaidOnTheCardAndChangesNothing() {
        pools.targets.put(PYTEST, 2);
        model.update(snapshot(1, fixed(PYTEST, 2, advice(3))));

        model.makeAuto(PYTEST, "6");
        assertThat(row().answerProperty().get()).isEqualTo("a range is written MIN..MAX, e.g. 1..6, not \"6\"");
        model.makeAuto(PYTEST, "one..six");
        assertThat(row().answerProperty().get()).isEqualTo("a range is two whole numbers, MIN..MAX, e.g. 1..6, not \"one..six\"");
        model.makeAuto(PYTEST, "6..1");
        assertThat(row().answerProperty().get()).startsWith("a reactive pool's min must be below its max, not 6..1");

        assertThat(pools.settings).isEmpty();
        assertThat(pools.targets).containsEntry(PYTEST, 2);
    }

    @Test
    void aReactivePoolIsMadeFixedAtTheTargetItHasNow() {
        pools.targets.put(PYTEST, 1);
        pools.settings.put(PYTEST, PoolSettings.withTarget(1).range(new PoolRange(1, 6, IDLE)));
        model.update(snapshot(1, auto(PYTEST, 1, 6, 4, advice(3))));

        model.makeFixed(PYTEST);

        assertThat(pools.settings.get(PYTEST).range()).isNull();
        assertThat(pools.settings.get(PYTEST).target()).isEqualTo(4);
        assertThat(pools.targets).containsEntry(PYTEST, 4);
        assertThat(row().answerProperty().get()).isEqualTo("fixed at 4: 1 ready, 3 starting");
    }
}
