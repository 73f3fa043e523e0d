package org.warmpool.app.pools;

import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.shape.Circle;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Fakes;
import org.warmpool.app.Palette;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.Outcome;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.Fakes.pool;
import static org.warmpool.app.pools.PoolsViewModelTest.snapshot;

/** The Pools tab's cards without an engine: a card stays bound to its pool while shown, and only then. */
@ExtendWith(ApplicationExtension.class)
class PoolCardsTest {
    static final String BUSYBOX = "warmpool/busybox";
    final Fakes.FakePools pools = new Fakes.FakePools();
    PoolsViewModel model;
    PoolsView view;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new PoolsViewModel(pools, null, Runnable::run, Runnable::run);
        view = new PoolsView(model);
        ViewLooks.show(stage, view.root(), "light");
    }

    PoolRow row(String image) {
        return model.rows().stream().filter(r -> r.image().equals(image)).findFirst().orElseThrow();
    }

    @Test
    void aCardIsKeptWhileOtherPoolsComeAndGoAndRedrawsItsChartOncePerSample(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 1, 1, 0))));
        PoolCard card = Fx.call(() -> view.card(row(BUSYBOX)));

        robot.interact(() -> {
            for (int second = 2; second < 22; second++) { // twenty changes of the pools beside it
                model.update(second % 2 == 0 ? snapshot(second, pool(BUSYBOX, 1, 1, 0), pool("warmpool/python-pytest", 1, 0, 0))
                        : snapshot(second, pool(BUSYBOX, 1, 1, 0)));
            }
        });

        assertThat(Fx.call(() -> view.card(row(BUSYBOX)))).as("the same card").isSameAs(card);
        int before = Fx.call(card::redraws);
        robot.interact(() -> model.update(snapshot(30, pool(BUSYBOX, 1, 0, 1))));
        assertThat(Fx.call(card::redraws) - before).as("redraws for one new sample").isEqualTo(1);
        assertThat(Fx.call(() -> cardsShown())).as("cards shown").hasSize(1);
    }

    @Test
    void theCardOfAPoolThatWentIsUnboundFromItsRow(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 1, 1, 0), pool("warmpool/python-pytest", 1, 0, 0))));
        PoolRow gone = Fx.call(() -> row(BUSYBOX));
        PoolCard card = Fx.call(() -> view.card(gone));
        int samples = Fx.call(() -> card.chartNode().getData().get(0).getData().size());
        int redraws = Fx.call(card::redraws);

        robot.interact(() -> model.update(snapshot(2, pool("warmpool/python-pytest", 1, 0, 0))));
        assertThat(Fx.call(() -> view.card(gone))).as("a card for the pool that went").isNull();

        // The row lives on somewhere and changes: its old card must not follow.
        robot.interact(() -> gone.update(pool(BUSYBOX, 5, 4, 1), 3));
        assertThat(Fx.call(() -> card.chartNode().getData().get(0).getData().size())).as("points on the old chart").isEqualTo(samples);
        assertThat(Fx.call(card::redraws)).as("redraws of the old chart").isEqualTo(redraws);
    }

    @Test
    void theTargetFieldShowsThePoolsTargetAndFollowsItWhenItChangesElsewhere(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 2, 1, 0))));
        Spinner<Integer> target = robot.lookup("#target-warmpool-busybox").queryAs(Spinner.class);
        assertThat(Fx.call(target::getValue)).as("a new card's target").isEqualTo(2);

        robot.interact(() -> model.update(snapshot(2, pool(BUSYBOX, 4, 1, 0))));

        assertThat(Fx.call(target::getValue)).as("after the engine's target changed").isEqualTo(4);
        assertThat(pools.targets).as("nothing set back by following").isEmpty();
    }

    @Test
    void prepareAllOffersCancelWhileItWaits(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 2, 0, 0))));
        Node cancel = robot.lookup("#prepare-cancel").query();
        assertThat(cancel.isVisible()).as("Cancel before Prepare all").isFalse();

        robot.clickOn("#prepare-all");
        assertThat(Fx.call(cancel::isVisible)).as("Cancel while preparing").isTrue();
        assertThat(Fx.call(() -> robot.lookup("#prepare-all").queryAs(Button.class).isDisabled())).isTrue();
        robot.interact(() -> pools.preparations.get(0).progress(new org.warmpool.engine.api.Pools.PoolProgress(BUSYBOX, 1, 2, false, "")));
        assertThat(Fx.call(() -> robot.lookup("#preparation-warmpool-busybox").queryAs(javafx.scene.control.Label.class).getText())).isEqualTo("1 of 2 ready");

        robot.clickOn("#prepare-cancel");

        assertThat(pools.preparations.get(0).cancelled).isTrue();
        assertThat(Fx.call(cancel::isVisible)).as("Cancel after cancelling").isFalse();
        assertThat(Fx.call(() -> robot.lookup("#preparation").queryAs(javafx.scene.control.Label.class).getText()))
                .isEqualTo("stopped waiting: 0 of 1 pool full (the rest go on filling)");
    }

    @Test
    void outcomeChipsAreInThePalettesColours(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 1, 1, 0))));
        List<Paint> fills = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            Circle dot = robot.lookup("." + Palette.styleClass(outcome)).queryAs(Circle.class);
            fills.add(Fx.call(dot::getFill));
        }
        assertThat(fills).as("five outcomes, five colours").doesNotHaveDuplicates().doesNotContainNull();
        assertThat(fills.get(Outcome.GREEN.ordinal())).as("green is the theme's success colour")
                .isEqualTo(javafx.scene.paint.Color.web("#2da44e"));
    }

    List<Node> cardsShown() {
        return view.root().lookupAll(".chart").stream().filter(n -> n instanceof XYChart<?, ?>).toList();
    }

    String label(FxRobot robot, String id) {
        return Fx.call(() -> robot.lookup(id).queryAs(javafx.scene.control.Label.class).getText());
    }

    @Test
    void prepareAllListsEveryPoolWithItsBarAndStepAndCancelStopsIt(FxRobot robot) {
        robot.interact(() -> model.update(snapshot(1, pool(BUSYBOX, 2, 0, 0), pool("warmpool/python-pytest", 1, 0, 0))));
        Node list = robot.lookup("#preparation-list").query();
        assertThat(Fx.call(list::isVisible)).as("the list before Prepare all").isFalse();

        robot.clickOn("#prepare-all");

        assertThat(Fx.call(list::isVisible)).as("the list while preparing").isTrue();
        assertThat(label(robot, "#prepare-step-warmpool-busybox")).isEqualTo("waiting");
        robot.interact(() -> pools.preparations.get(0).progress(new org.warmpool.engine.api.Pools.PoolProgress(BUSYBOX, 1, 2, false, ""),
                new org.warmpool.engine.api.Pools.PoolProgress("warmpool/python-pytest", 1, 1, true, "")));
        assertThat(label(robot, "#prepare-step-warmpool-busybox")).isEqualTo("preparing 1/2");
        assertThat(Fx.call(() -> robot.lookup("#prepare-bar-warmpool-busybox").queryAs(javafx.scene.control.ProgressBar.class).getProgress()))
                .as("busybox's bar").isEqualTo(0.5);
        assertThat(label(robot, "#prepare-step-warmpool-python-pytest")).isEqualTo("ready 1/1");
        assertThat(Fx.call(() -> robot.lookup("#prepare-bar-warmpool-python-pytest").queryAs(javafx.scene.control.ProgressBar.class)
                .getProgress())).isEqualTo(1.0);
        ViewLooks.photograph(stage, "prepare-all");

        robot.clickOn("#prepare-cancel");

        assertThat(pools.preparations.get(0).cancelled).as("the engine's preparation cancelled").isTrue();
        assertThat(label(robot, "#prepare-step-warmpool-busybox")).isEqualTo("cancelled at 1/2 (the pool goes on filling to its target)");
        assertThat(label(robot, "#prepare-step-warmpool-python-pytest")).isEqualTo("ready 1/1");
        assertThat(Fx.call(() -> robot.lookup("#prepare-all").queryAs(Button.class).isDisabled())).as("Prepare all, again").isFalse();

        robot.clickOn("#preparation-dismiss");
        assertThat(Fx.call(list::isVisible)).as("the list once hidden").isFalse();
    }
}
