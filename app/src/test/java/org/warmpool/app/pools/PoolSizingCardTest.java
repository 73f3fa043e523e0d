package org.warmpool.app.pools;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.pools.PoolSizingViewModelTest.GREW;
import static org.warmpool.app.pools.PoolSizingViewModelTest.WHY;
import static org.warmpool.app.pools.PoolSizingViewModelTest.advice;
import static org.warmpool.app.pools.PoolSizingViewModelTest.auto;
import static org.warmpool.app.pools.PoolSizingViewModelTest.fixed;
import static org.warmpool.app.pools.PoolsViewModelTest.snapshot;

/** A pool card's sizing on screen: auto and its range, why the target moved, the advice, Apply, and fixed ⇄ auto. */
@ExtendWith(ApplicationExtension.class)
class PoolSizingCardTest {
    static final String PYTEST = "warmpool/python-pytest";
    static final String ID = "warmpool-python-pytest";
    final PoolSizingViewModelTest.SizingPools pools = new PoolSizingViewModelTest.SizingPools();
    PoolsViewModel model;

    @Start
    void start(Stage stage) {
        model = new PoolsViewModel(pools, null, Runnable::run, Runnable::run);
        ViewLooks.show(stage, new PoolsView(model).root(), "light");
    }

    String text(FxRobot robot, String id) {
        Label label = robot.lookup("#" + id).queryAs(Label.class);
        return Fx.call(label::getText);
    }

    Button button(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    @Test
    void theCardOfAReactivePoolShowsAutoItsRangeAndWhyItsTargetLastChanged(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, auto(PYTEST, 1, 6, 3, advice(3)))));

        assertThat(text(robot, "mode-" + ID)).isEqualTo("auto 1..6");
        assertThat(text(robot, "reason-" + ID)).isEqualTo(GREW);
        assertThat(text(robot, "advice-" + ID)).isEqualTo("advice: 3 (" + WHY + ")");
        assertThat(Fx.call(() -> button(robot, "make-fixed-" + ID).isVisible())).as("Make fixed on an auto pool").isTrue();
        assertThat(Fx.call(() -> button(robot, "make-auto-" + ID).isVisible())).as("Make auto on an auto pool").isFalse();
    }

    @Test
    void applySetsTheTargetToTheAdviceAndTheTargetFieldFollows(FxRobot robot) {
        pools.targets.put(PYTEST, 2);
        robot.interact(() -> model.update(snapshot(1, fixed(PYTEST, 2, advice(4)))));
        Button apply = button(robot, "apply-advice-" + ID);
        assertThat(Fx.call(() -> apply.getTooltip().getText())).isEqualTo("Sets the target to 4 (now 2).");

        robot.clickOn(apply);

        assertThat(pools.targets).containsEntry(PYTEST, 4);
        robot.interact(() -> model.update(snapshot(2, fixed(PYTEST, 4, advice(4)))));
        Spinner<?> target = robot.lookup("#target-" + ID).queryAs(Spinner.class);
        assertThat(Fx.call(target::getValue)).isEqualTo(4);
        assertThat(Fx.call(apply::isDisabled)).as("Apply once the target is the advice").isTrue();
    }

    @Test
    void applyIsDisabledWhenItWouldChangeNothing(FxRobot robot) {
        pools.targets.put(PYTEST, 3);
        robot.interact(() -> model.update(snapshot(1, fixed(PYTEST, 3, advice(3)))));
        Button apply = button(robot, "apply-advice-" + ID);
        assertThat(Fx.call(apply::isDisabled)).as("advice equal to the target").isTrue();

        robot.interact(() -> model.update(snapshot(2, fixed(PYTEST, 3, PoolAdvice.none("Nothing measured yet.")))));
        assertThat(Fx.call(apply::isDisabled)).as("no advice yet").isTrue();
        assertThat(text(robot, "advice-" + ID)).isEqualTo("advice: none yet (Nothing measured yet.)");

        robot.clickOn(apply);
        assertThat(pools.targets).as("a click on a disabled Apply").containsEntry(PYTEST, 3);
    }

    @Test
    void applyOnAReactivePoolRaisesItsMinAndSaysSoBeforehand(FxRobot robot) {
        pools.targets.put(PYTEST, 1);
        pools.settings.put(PYTEST, org.warmpool.engine.api.PoolSettings.withTarget(1)
                .range(new PoolRange(1, 6, PoolSizingViewModelTest.IDLE)));
        robot.interact(() -> model.update(snapshot(1, auto(PYTEST, 1, 6, 2, advice(3)))));
        Button apply = button(robot, "apply-advice-" + ID);
        assertThat(Fx.call(() -> apply.getTooltip().getText())).startsWith("Keeps the pool auto, from 1..6 to 3..6");

        robot.clickOn(apply);

        assertThat(pools.settings.get(PYTEST).range()).isEqualTo(new PoolRange(3, 6, PoolSizingViewModelTest.IDLE));
    }

    @Test
    void anOperatorMakesAFixedPoolAutoWithTheRangeTheyType(FxRobot robot) {
        pools.targets.put(PYTEST, 2);
        robot.interact(() -> model.update(snapshot(1, fixed(PYTEST, 2, advice(3)))));
        assertThat(text(robot, "mode-" + ID)).isEqualTo("fixed");

        robot.interact(() -> robot.lookup("#range-" + ID).queryAs(javafx.scene.control.TextField.class).setText("1..6"));
        robot.clickOn("#make-auto-" + ID);

        assertThat(pools.settings.get(PYTEST).range()).isEqualTo(new PoolRange(1, 6, PoolRange.DEFAULT_IDLE));
        assertThat(pools.targets).containsEntry(PYTEST, 1);
    }
}
