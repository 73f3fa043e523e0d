package org.warmpool.app.lifetimes;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.MainWindow;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a timed test: 300 frames of an operator zooming and scrolling through a thousand
 * containers ({@link LifetimesFrames}), beside the same frames with none, as this machine's figures
 * vary with its load. It prints the frame times (median, p95, max); what it asserts is the work each
 * frame did — only the rows that fit, however many are in the window.
 */
@ExtendWith(ApplicationExtension.class)
class LifetimesFrameBenchmarkTest {
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainWindow.applyTheme("light");
    }

    @Test
    void framesOfAThousandContainersZoomedAndScrolledBesideNone(FxRobot robot) throws Exception {
        for (LifetimesFrames.Case c : LifetimesFrames.CASES) {
            LifetimesView view = Fx.call(() -> LifetimesFrames.show(stage, c, ViewLooks.WIDTH, ViewLooks.HEIGHT));
            WaitForAsyncUtils.waitForFxEvents();
            LifetimesFrames.Result result = LifetimesFrames.measure(view, c).get(120, TimeUnit.SECONDS);
            System.out.print(result.text());
            if (c.lives() == 0) {
                assertThat(result.rowsDrawn()).as("rows drawn with no containers").isZero();
                continue;
            }
            assertThat(result.rowsInWindow()).as("containers in the window at some frame").isGreaterThan(result.fit());
            assertThat(result.rowsDrawn()).as("rows drawn in a frame: no more than fit on the canvas").isEqualTo(result.fit());
            assertThat(result.segmentsDrawn()).as("segments and dots drawn in a frame").isLessThanOrEqualTo(6 * result.fit());
        }
    }
}
