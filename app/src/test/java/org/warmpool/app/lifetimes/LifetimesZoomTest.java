package org.warmpool.app.lifetimes;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoom, scroll and follow as an operator does them — the buttons, ctrl+scroll over the bars, a drag
 * along the time axis, the Follow now toggle and End — on a thousand containers of the last five
 * minutes: the window changes as asked, and a frame draws only the rows that fit.
 */
@ExtendWith(ApplicationExtension.class)
class LifetimesZoomTest {
    static final Instant NOW = Instant.parse("2026-11-29T10:05:00Z");
    LifetimesViewModel model;
    LifetimesView view;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new LifetimesViewModel();
        view = new LifetimesView(model, ZoneOffset.UTC);
        ViewLooks.show(stage, view.root(), "light");
        model.update(ManyLives.snapshot(NOW, ManyLives.over(Duration.ofMinutes(5), 1000, NOW)), java.util.List.of());
    }

    String text(FxRobot robot, String id) {
        return Fx.call(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    boolean following(FxRobot robot) {
        return Fx.call(() -> robot.lookup("#lifetimes-follow").queryAs(ToggleButton.class).isSelected());
    }

    LifetimesView.Frame frame() {
        WaitForAsyncUtils.waitForFxEvents();
        return Fx.call(view::lastFrame);
    }

    @Test
    void aThousandContainersInTheWindowCostOnlyTheRowsThatFit(FxRobot robot) {
        LifetimesView.Frame frame = frame();
        double rowsHeight = Fx.call(() -> robot.lookup("#lifetimes-canvas").queryAs(Canvas.class).getHeight()) - LifetimesView.AXIS;
        int fit = (int) (rowsHeight / LifetimesView.ROW);

        assertThat(frame.rowsInWindow()).as("containers in the five minutes shown").isEqualTo(1000);
        assertThat(frame.rowsDrawn()).as("rows drawn: those that fit, %d", fit).isEqualTo(fit).isLessThan(100);
        assertThat(frame.firstRow()).as("the newest rows, at the bottom").isEqualTo(1000 - fit);
        assertThat(frame.segmentsDrawn()).as("bars and dots drawn").isLessThanOrEqualTo(6 * fit);
        assertThat(text(robot, "#lifetimes-count")).isEqualTo("1,000 containers in the window");
        ViewLooks.photograph(stage, "lifetimes-thousand");
    }

    @Test
    void theZoomButtonsHalveAndDoubleTheWindowAndTheAxisSaysSo(FxRobot robot) {
        assertThat(text(robot, "#lifetimes-window")).isEqualTo("5 min");

        robot.clickOn("#lifetimes-zoom-in");
        assertThat(text(robot, "#lifetimes-window")).isEqualTo("2 min 30 s");
        assertThat(frame().rowsInWindow()).as("containers alive in the last 2½ minutes").isBetween(490, 560);
        robot.clickOn("#lifetimes-zoom-in").clickOn("#lifetimes-zoom-in");
        assertThat(text(robot, "#lifetimes-window")).as("no shorter than a minute").isEqualTo("1 min");
        for (int i = 0; i < 7; i++) {
            robot.clickOn("#lifetimes-zoom-out");
        }
        assertThat(text(robot, "#lifetimes-window")).as("no longer than an hour").isEqualTo("1 h");
        assertThat(model.endProperty().get()).as("still following now").isEqualTo(NOW);
        assertThat(following(robot)).isTrue();
    }

    @Test
    void ctrlScrollOverTheBarsZoomsInTowardsTheWheelAndOutAway(FxRobot robot) {
        javafx.scene.Node node = robot.lookup("#lifetimes-canvas").query();
        Bounds canvas = Fx.call(() -> node.localToScreen(node.getBoundsInLocal()));
        // which way the robot's wheel turns is the platform's business: note what the canvas was told
        java.util.List<Double> deltas = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> node.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> deltas.add(e.getDeltaY())));
        robot.moveTo(new Point2D(canvas.getMaxX() - 20, canvas.getMinY() + 100));

        robot.press(KeyCode.CONTROL).scroll(2, VerticalDirection.UP).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(deltas).as("wheel notches the canvas saw").hasSize(2);
        boolean in = deltas.get(0) > 0; // the wheel turned away from the operator: in, as maps and editors do
        assertThat(model.windowProperty().get()).as("two notches " + (in ? "in" : "out"))
                .isEqualTo(in ? Duration.ofMillis(192_000) : Duration.ofMillis(468_750));
        assertThat(text(robot, "#lifetimes-window")).isEqualTo(in ? "3 min 12 s" : "7 min 49 s");

        robot.press(KeyCode.CONTROL).scroll(2, VerticalDirection.DOWN).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.windowProperty().get()).as("two notches the other way").isEqualTo(Duration.ofMinutes(5));
        assertThat(model.endProperty().get()).as("following, the right edge stays now").isEqualTo(NOW);
    }

    @Test
    void draggingTheSliderToItsEndsGivesAnHourAndAMinute(FxRobot robot) {
        javafx.scene.Node thumb = robot.lookup("#lifetimes-zoom .thumb").query();
        robot.drag(thumb, MouseButton.PRIMARY).moveBy(400, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#lifetimes-window")).isEqualTo("1 h");
        assertThat(frame().rowsInWindow()).as("every container of the last hour").isEqualTo(1000);

        robot.drag(thumb, MouseButton.PRIMARY).moveBy(-400, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#lifetimes-window")).isEqualTo("1 min");
        assertThat(model.endProperty().get()).as("still following now").isEqualTo(NOW);
    }

    @Test
    void aPinchZoomsByItsFactor(FxRobot robot) {
        javafx.scene.Node canvas = robot.lookup("#lifetimes-canvas").query();
        // a touchpad's pinch, as the platform delivers it (a robot has no second finger)
        robot.interact(() -> javafx.event.Event.fireEvent(canvas, new javafx.scene.input.ZoomEvent(javafx.scene.input.ZoomEvent.ZOOM,
                600, 200, 600, 200, false, false, false, false, true, false, 2.0, 2.0, null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#lifetimes-window")).as("fingers spread apart twice as wide").isEqualTo("2 min 30 s");
    }

    @Test
    void aPlainWheelScrollsTheRowsAndLeavesTheTime(FxRobot robot) {
        int bottom = frame().firstRow(); // the newest rows
        robot.moveTo("#lifetimes-canvas").scroll(3, VerticalDirection.UP);
        int up = frame().firstRow();
        robot.scroll(6, VerticalDirection.DOWN);
        int down = frame().firstRow();
        assertThat(Math.min(up, down)).as("the first row after three notches towards the oldest").isLessThan(bottom);
        assertThat(Math.max(up, down)).as("and back, to the newest").isEqualTo(bottom);
        assertThat(model.windowProperty().get()).isEqualTo(Duration.ofMinutes(5));
        assertThat(model.endProperty().get()).isEqualTo(NOW);
    }

    @Test
    void draggingTheBarsRightGoesBackInTimeAndStopsFollowingAndEndReturnsToNow(FxRobot robot) {
        Bounds canvas = Fx.call(() -> robot.lookup("#lifetimes-canvas").query().localToScreen(
                robot.lookup("#lifetimes-canvas").query().getBoundsInLocal()));
        double millisPerPixel = 300_000 / (canvas.getWidth() - LifetimesView.LABEL_WIDTH);
        Point2D from = new Point2D(canvas.getMinX() + 400, canvas.getMaxY() - LifetimesView.AXIS / 2); // on the time axis

        robot.drag(from, MouseButton.PRIMARY).moveBy(300, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        long back = Duration.between(model.endProperty().get(), NOW).toMillis();
        assertThat((double) back).as("how far back a 300 px drag went").isCloseTo(300 * millisPerPixel, org.assertj.core.data.Offset.offset(3 * millisPerPixel));
        assertThat(following(robot)).as("following after scrolling back").isFalse();
        model.update(ManyLives.snapshot(NOW.plusSeconds(20), java.util.List.of()), java.util.List.of());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Duration.between(model.endProperty().get(), NOW).toMillis()).as("the window stays put while now moves on").isEqualTo(back);

        robot.type(KeyCode.END);

        assertThat(following(robot)).as("following after End").isTrue();
        assertThat(model.endProperty().get()).isEqualTo(NOW.plusSeconds(20));
    }

    @Test
    void theFollowToggleReturnsToNowAfterTheScrollbarWentBack(FxRobot robot) {
        robot.interact(() -> robot.lookup("#lifetimes-scroll").queryAs(javafx.scene.control.ScrollBar.class).decrement());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.endProperty().get()).as("a click on the scrollbar's arrow: a tenth of the window back")
                .isEqualTo(NOW.minusSeconds(30));
        assertThat(following(robot)).isFalse();
        assertThat(frame().rowsInWindow()).as("containers in the window 30 s back").isBetween(880, 920);

        robot.clickOn("#lifetimes-follow");

        assertThat(model.endProperty().get()).isEqualTo(NOW);
        assertThat(following(robot)).isTrue();
    }
}
