package org.warmpool.app.throttle;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Fakes;
import org.warmpool.app.MainWindow;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Throttling tab after five busy minutes of a made-up workshop, without Docker: for the eye. */
@ExtendWith(ApplicationExtension.class)
class ThrottleViewLooksTest {
    static final ThrottleLimits LIMITS = new ThrottleLimits(40, 4, 2, 20, 1.0, 3);
    Stage stage;
    ThrottleViewModel model;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new ThrottleViewModel(new Fakes.FakeLimits(LIMITS));
        ViewLooks.show(stage, new ThrottleView(model).root(), "light");
    }

    @AfterEach
    void light() {
        javafx.application.Platform.runLater(() -> MainWindow.applyTheme("light"));
    }

    /** 30 laptops testing every 30 s or so, a burst of impatience at minute 3, a queue that fills at minute 4. */
    void workshop(FxRobot robot) {
        robot.interact(() -> {
            Instant t0 = Instant.parse("2025-01-01T10:00:00Z");
            long rate = 0;
            long perConnection = 0;
            long queueFull = 0;
            long connections = 0;
            for (int s = 0; s <= 330; s++) {
                int inFlight = 2 + (int) Math.round(2 * Math.sin(s / 9.0) + (s > 240 && s < 280 ? 12 : 0));
                int queued = Math.max(0, inFlight - 4);
                if (s > 170 && s < 200 && s % 2 == 0) {
                    rate += 3;
                }
                if (s > 180 && s < 190) {
                    perConnection++;
                }
                if (s > 250 && s < 275 && s % 3 == 0) {
                    queueFull += 2;
                }
                if (s == 300) {
                    connections++;
                }
                Map<String, Long> rejections = new LinkedHashMap<>();
                rejections.put("connections", connections);
                rejections.put("rate", rate);
                rejections.put("per_connection", perConnection);
                rejections.put("queue_full", queueFull);
                model.update(new ThrottleSnapshot(LIMITS, Math.min(31, 20 + s / 20), Math.min(inFlight, 24), queued, rejections),
                        t0.plusSeconds(s));
            }
        });
    }

    @Test
    void fiveMinutesOfAWorkshopInTheLightTheme(FxRobot robot) {
        workshop(robot);
        assertThat(Fx.call(() -> model.rejectedRecentProperty("rate").get())).isPositive();
        ViewLooks.photograph(stage, "throttling-workshop");
    }

    @Test
    void andInTheDarkTheme(FxRobot robot) {
        robot.interact(() -> MainWindow.applyTheme("dark"));
        workshop(robot);
        ViewLooks.photograph(stage, "throttling-workshop-dark");
    }
}
