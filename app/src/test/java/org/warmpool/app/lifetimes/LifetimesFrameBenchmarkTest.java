package org.warmpool.app.lifetimes;

import javafx.scene.canvas.Canvas;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.replay.ViewLooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a timed test: a thousand containers in the window, 300 frames of an operator
 * zooming and scrolling through them, one step a pulse. It prints the frame times (median, p95,
 * max); what it asserts is the work each frame did — only the rows that fit, however many are in
 * the window.
 */
@ExtendWith(ApplicationExtension.class)
class LifetimesFrameBenchmarkTest {
    static final Instant NOW = Instant.parse("2026-11-29T11:00:00Z");
    static final int LIVES = 1000;
    static final int FRAMES = 300;
    static final int WARM_UP = 30;
    LifetimesViewModel model;
    LifetimesView view;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new LifetimesViewModel();
        view = new LifetimesView(model, ZoneOffset.UTC);
        ViewLooks.show(stage, view.root(), "light");
    }

    @Test
    void framesOfAThousandContainersZoomedAndScrolled(FxRobot robot) throws InterruptedException {
        // side by side in one run, as this machine's figures vary with its load: first no containers at all
        record Case(int lives, Duration span) {
        }
        for (Case c : List.of(new Case(0, Duration.ofMinutes(5)), new Case(LIVES, Duration.ofMinutes(5)),
                new Case(LIVES, Duration.ofHours(1)))) {
            int lives = c.lives();
            Duration span = c.span();
            LifetimesViewModel fresh = new LifetimesViewModel();
            robot.interact(() -> {
                model = fresh;
                view = new LifetimesView(model, ZoneOffset.UTC);
                ViewLooks.show(stage, view.root(), "light");
                model.update(ManyLives.snapshot(NOW, lives == 0 ? List.of() : ManyLives.over(span, lives, NOW)), List.of());
                model.setWindow(span);
            });
            WaitForAsyncUtils.waitForFxEvents();
            run(span, lives);
        }
    }

    /**
     * One zoom or scroll step per pulse, made in an animation timer; the view redraws for it as it
     * does for an operator. The time between two pulses is a whole frame: the draw on the FX thread
     * and the render of the frame before it (a pulse waits for the renderer).
     */
    void run(Duration span, int lives) throws InterruptedException {
        Canvas canvas = (Canvas) view.root().lookup("#lifetimes-canvas");
        List<Long> draws = new ArrayList<>();
        List<Long> frames = new ArrayList<>();
        int[] most = new int[3];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        javafx.animation.AnimationTimer timer = new javafx.animation.AnimationTimer() {
            int i;
            long last;

            @Override
            public void handle(long now) {
                if (i > WARM_UP) {
                    frames.add(now - last);
                    LifetimesView.Frame frame = view.lastFrame(); // drawn once for the last step, as the view redraws
                    draws.add(frame.nanos());
                    most[0] = Math.max(most[0], frame.rowsInWindow());
                    most[1] = Math.max(most[1], frame.rowsDrawn());
                    most[2] = Math.max(most[2], frame.segmentsDrawn());
                }
                last = now;
                if (i == WARM_UP + FRAMES) {
                    stop();
                    done.countDown();
                    return;
                }
                switch (i % 3) { // scroll back a little, zoom in a little, zoom out a little
                    case 0 -> model.scrollBy(Duration.ofMillis(-span.toMillis() / 200));
                    case 1 -> model.zoom(0.97, 0.5);
                    default -> model.zoom(1 / 0.97, 0.5);
                }
                i++;
            }
        };
        javafx.application.Platform.runLater(timer::start);
        assertThat(done.await(120, java.util.concurrent.TimeUnit.SECONDS)).as("frames drawn within two minutes").isTrue();
        int fit = (int) ((canvas.getHeight() - LifetimesView.AXIS) / LifetimesView.ROW);
        System.out.printf(Locale.ROOT, "Lifetimes, %d containers over %s, window %s, canvas %.0fx%.0f, %d frames after %d to warm up:%n"
                        + "  draw (FX thread, our code):      median %5.1f ms, p95 %5.1f ms, max %5.1f ms%n"
                        + "  frame (pulse to pulse, 60 Hz):   median %5.1f ms, p95 %5.1f ms, max %5.1f ms%n"
                        + "  rows in the window (most) %d, rows drawn (most) %d, segments drawn (most) %d%n",
                lives, span, LifetimesViewModel.windowText(model.windowProperty().get()), canvas.getWidth(), canvas.getHeight(),
                FRAMES, WARM_UP, ms(draws, 0.5), ms(draws, 0.95), ms(draws, 1), ms(frames, 0.5), ms(frames, 0.95), ms(frames, 1),
                most[0], most[1], most[2]);
        if (lives == 0) {
            assertThat(most[1]).as("rows drawn with no containers").isZero();
            return;
        }
        assertThat(most[0]).as("containers in the window at some frame").isGreaterThan(fit);
        assertThat(most[1]).as("rows drawn in a frame: no more than fit on the canvas").isEqualTo(fit);
        assertThat(most[2]).as("segments and dots drawn in a frame").isLessThanOrEqualTo(6 * fit);
    }

    static double ms(List<Long> nanos, double quantile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
