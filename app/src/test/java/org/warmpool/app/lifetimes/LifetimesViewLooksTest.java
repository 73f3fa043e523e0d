package org.warmpool.app.lifetimes;

import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.MainWindow;
import org.warmpool.app.Palette;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Lifetimes canvas draws in the theme's colours: the dot that ends a green run is the theme's
 * {@code -color-success-emphasis}, in the light theme and, after a switch, in the dark one.
 */
@ExtendWith(ApplicationExtension.class)
class LifetimesViewLooksTest {
    static final Instant NOW = Instant.parse("2026-11-29T10:05:00Z");
    Stage stage;
    LifetimesViewModel model;
    LifetimesView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new LifetimesViewModel();
        view = new LifetimesView(model);
        ViewLooks.show(stage, view.root(), "light");
    }

    @AfterEach
    void light() {
        javafx.application.Platform.runLater(() -> MainWindow.applyTheme("light"));
    }

    /** One container per outcome, each run ending half-way along the timeline (2.5 minutes ago). */
    void runs(FxRobot robot) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Fx.call(() -> view.colour(Outcome.GREEN)) != null);
        List<ContainerLife> lives = new ArrayList<>();
        Instant created = NOW.minusSeconds(200);
        for (Outcome outcome : Outcome.values()) {
            created = created.plusMillis(10); // in this order, top to bottom
            lives.add(new ContainerLife("c0ffee" + outcome.ordinal() + "0000000", "warmpool/busybox", true, ContainerPhase.GONE,
                    created, created.plusSeconds(10), NOW.minusSeconds(160), NOW.minusSeconds(155), NOW.minusSeconds(150),
                    NOW.minusSeconds(149), NOW.minusSeconds(148), "served a run", outcome));
        }
        robot.interact(() -> model.update(new EngineSnapshot(NOW, true, "", List.of(), lives,
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0), List.of()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** What the theme in force makes of a looked-up colour, resolved by CSS in the same scene. */
    Color themes(String lookedUp) {
        return Fx.call(() -> {
            Region probe = new Region();
            probe.setStyle("-fx-background-color: " + lookedUp + ";");
            StackPane root = (StackPane) stage.getScene().getRoot();
            root.getChildren().add(probe);
            probe.applyCss();
            Color colour = (Color) probe.getBackground().getFills().get(0).getFill();
            root.getChildren().remove(probe);
            return colour;
        });
    }

    /** The pixel at the centre of the dot that ends the run of {@code outcome}. */
    Color dot(Outcome outcome) {
        return Fx.call(() -> {
            Canvas canvas = (Canvas) view.root().lookup("#lifetimes-canvas");
            WritableImage image = canvas.snapshot(null, null);
            double x = LifetimesView.LABEL_WIDTH + (canvas.getWidth() - LifetimesView.LABEL_WIDTH) / 2; // 150 s of 300
            double y = LifetimesView.ROW * outcome.ordinal() + LifetimesView.ROW / 2;
            return image.getPixelReader().getColor((int) x, (int) y);
        });
    }

    static void assertSame(Color actual, Color expected, String what) {
        assertThat(actual.getRed()).as(what + " red").isCloseTo(expected.getRed(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(actual.getGreen()).as(what + " green").isCloseTo(expected.getGreen(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(actual.getBlue()).as(what + " blue").isCloseTo(expected.getBlue(), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theOutcomeDotsAreTheThemesColoursInTheLightThemeAndTheDarkOne(FxRobot robot) {
        runs(robot);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertSame(dot(Outcome.GREEN), themes("-color-success-emphasis"), "green, light theme"));
        Color lightGreen = dot(Outcome.GREEN);
        assertSame(lightGreen, Color.web("#2da44e"), "Primer light's success emphasis");
        assertSame(dot(Outcome.RED), themes("-color-danger-emphasis"), "red, light theme");
        assertSame(dot(Outcome.AMBER), themes("-color-warning-emphasis"), "amber, light theme");
        assertSame(dot(Outcome.TIMED_OUT), themes(Palette.lookedUp(Outcome.TIMED_OUT)), "timed out, light theme");
        ViewLooks.photograph(stage, "lifetimes-light");

        robot.interact(() -> MainWindow.applyTheme("dark"));

        // restyled at the next pulse, which redraws the canvas
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertSame(dot(Outcome.GREEN), themes("-color-success-emphasis"), "green, dark theme"));
        Color darkGreen = dot(Outcome.GREEN);
        assertSame(darkGreen, Color.web("#238636"), "Primer dark's success emphasis");
        assertSame(dot(Outcome.RED), themes("-color-danger-emphasis"), "red, dark theme");
        assertThat(darkGreen).as("the dark theme's green differs from the light one's").isNotEqualTo(lightGreen);
        ViewLooks.photograph(stage, "lifetimes-dark");
    }

    @Test
    void theLegendShowsEachOutcomeInItsColour(FxRobot robot) {
        for (Outcome outcome : Outcome.values()) {
            assertThat(Fx.call(() -> view.colour(outcome))).as(outcome + " resolved").isInstanceOf(Color.class);
        }
        assertThat(Fx.call(() -> view.colour(Outcome.AMBER))).as("one amber, the theme's").isEqualTo(themes("-color-warning-emphasis"));
    }

    @Test
    void aContainerStillWaitingIsDrawnReadyUpToNowNotRetiring(FxRobot robot) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Fx.call(() -> view.colour(ContainerPhase.READY)) != null);
        ContainerLife waiting = new ContainerLife("feed0000000000", "warmpool/busybox", true, ContainerPhase.READY,
                NOW.minusSeconds(100), NOW.minusSeconds(99), null, null, null, null, null, "", null);
        robot.interact(() -> model.update(new EngineSnapshot(NOW, true, "", List.of(), List.of(waiting),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0), List.of()));
        WaitForAsyncUtils.waitForFxEvents();

        Color near = Fx.call(() -> {
            Canvas canvas = (Canvas) view.root().lookup("#lifetimes-canvas");
            double x = LifetimesView.LABEL_WIDTH + (canvas.getWidth() - LifetimesView.LABEL_WIDTH) * 290 / 300; // 10 s ago
            return canvas.snapshot(null, null).getPixelReader().getColor((int) x, (int) (LifetimesView.ROW / 2));
        });
        Color ready = (Color) Fx.call(() -> view.colour(ContainerPhase.READY));
        double a = ready.getOpacity(); // a muted colour, over the snapshot's white
        Color onWhite = Color.color(ready.getRed() * a + 1 - a, ready.getGreen() * a + 1 - a, ready.getBlue() * a + 1 - a);
        assertSame(near, onWhite, "10 s ago, a container still ready");
    }
}
