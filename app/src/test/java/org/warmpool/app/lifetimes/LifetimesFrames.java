package org.warmpool.app.lifetimes;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.warmpool.app.MainWindow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Frame times of the Lifetimes view: one zoom or scroll step per pulse, made in an animation timer,
 * the view redrawing for it as it does for an operator. The time between two pulses is a whole
 * frame: the draw on the FX thread and the render of the frame before it (a pulse waits for the
 * renderer). Used by {@link LifetimesFrameBenchmarkTest} (headless) and, as a main class, in a real
 * window under Xvfb:
 *
 * <pre>xvfb-run -a -s "-screen 0 1280x800x24" java -cp "$TEST_CLASSPATH" org.warmpool.app.lifetimes.LifetimesFrames</pre>
 */
public final class LifetimesFrames {
    static final Instant NOW = Instant.parse("2026-11-29T11:00:00Z");
    static final int FRAMES = 300;
    static final int WARM_UP = 30;

    /** What a run of frames measured. */
    record Result(String text, int rowsInWindow, int rowsDrawn, int segmentsDrawn, int fit) {
    }

    /** A case: this many containers started evenly over {@code span}, shown in a window as long as the span. */
    record Case(int lives, Duration span) {
    }

    static final List<Case> CASES = List.of(new Case(0, Duration.ofMinutes(5)), new Case(1000, Duration.ofMinutes(5)),
            new Case(1000, Duration.ofHours(1)));

    private LifetimesFrames() {
    }

    /** Shows a fresh view of {@code c} in {@code stage}; FX thread. */
    static LifetimesView show(Stage stage, Case c, double width, double height) {
        LifetimesViewModel model = new LifetimesViewModel();
        LifetimesView view = new LifetimesView(model, ZoneOffset.UTC);
        stage.setScene(new Scene(new StackPane(view.root()), width, height));
        stage.show();
        model.update(ManyLives.snapshot(NOW, c.lives() == 0 ? List.of() : ManyLives.over(c.span(), c.lives(), NOW)), List.of());
        model.setWindow(c.span());
        return view;
    }

    /** Runs the frames on {@code view} (call from any thread but the FX one); completes with what they measured. */
    static CompletableFuture<Result> measure(LifetimesView view, Case c) {
        LifetimesViewModel model = (LifetimesViewModel) view.root().getProperties().get(LifetimesViewModel.class);
        Canvas canvas = (Canvas) view.root().lookup("#lifetimes-canvas");
        CompletableFuture<Result> result = new CompletableFuture<>();
        List<Long> draws = new ArrayList<>();
        List<Long> frames = new ArrayList<>();
        int[] most = new int[3];
        AnimationTimer timer = new AnimationTimer() {
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
                    int fit = (int) ((canvas.getHeight() - LifetimesView.AXIS) / LifetimesView.ROW);
                    String text = String.format(Locale.ROOT, "Lifetimes, %d containers over %s, window %s, canvas %.0fx%.0f,"
                                    + " %d frames after %d to warm up:%n"
                                    + "  draw (FX thread, our code):      median %5.1f ms, p95 %5.1f ms, max %5.1f ms%n"
                                    + "  frame (pulse to pulse, 60 Hz):   median %5.1f ms, p95 %5.1f ms, max %5.1f ms%n"
                                    + "  rows in the window (most) %d, rows drawn (most) %d, segments drawn (most) %d%n",
                            c.lives(), c.span(), LifetimesViewModel.windowText(model.windowProperty().get()), canvas.getWidth(),
                            canvas.getHeight(), FRAMES, WARM_UP, ms(draws, 0.5), ms(draws, 0.95), ms(draws, 1), ms(frames, 0.5),
                            ms(frames, 0.95), ms(frames, 1), most[0], most[1], most[2]);
                    result.complete(new Result(text, most[0], most[1], most[2], fit));
                    return;
                }
                switch (i % 3) { // scroll back a little, zoom in a little, zoom out a little
                    case 0 -> model.scrollBy(Duration.ofMillis(-c.span().toMillis() / 200));
                    case 1 -> model.zoom(0.97, 0.5);
                    default -> model.zoom(1 / 0.97, 0.5);
                }
                i++;
            }
        };
        Platform.runLater(timer::start);
        return result;
    }

    static double ms(List<Long> nanos, double quantile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** A real window, the console's tab area's size, each case in turn; prints the figures and exits. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            MainWindow.applyTheme("light");
            Thread run = new Thread(() -> {
                try {
                    for (Case c : CASES) {
                        CompletableFuture<LifetimesView> shown = new CompletableFuture<>();
                        Platform.runLater(() -> shown.complete(show(stage, c, 1280, 680)));
                        LifetimesView view = shown.join();
                        Thread.sleep(1000);
                        System.out.print(measure(view, c).join().text());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    Platform.runLater(Platform::exit);
                }
            }, "frames");
            run.setDaemon(true);
            run.start();
        }
    }
}
