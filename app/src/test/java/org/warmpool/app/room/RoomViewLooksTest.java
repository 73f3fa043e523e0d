package org.warmpool.app.room;

import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Fakes;
import org.warmpool.app.MainWindow;
import org.warmpool.app.replay.Fx;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A workshop's worth of lights (40 participants × 60 runs) in the Room tab, without Docker: a list that draws only what shows. */
@ExtendWith(ApplicationExtension.class)
class RoomViewLooksTest {
    static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
    final Fakes.FakeRoom room = new Fakes.FakeRoom();
    RoomViewModel model;
    List<RoomRow> rows;

    @Start
    void start(Stage stage) {
        MainWindow.applyTheme("light");
        rows = new ArrayList<>();
        Outcome[] cycle = {Outcome.RED, Outcome.RED, Outcome.AMBER, Outcome.GREEN, Outcome.RED, Outcome.GREEN, Outcome.TIMED_OUT,
                Outcome.GREEN, Outcome.FAULTY, Outcome.GREEN};
        for (int p = 0; p < 40; p++) {
            List<Light> lights = new ArrayList<>();
            for (int r = 0; r < 60; r++) {
                lights.add(new Light(p * 1000L + r, T0.plusSeconds(30L * r + p), "warmpool/python-pytest", cycle[(r + p) % cycle.length], 400));
            }
            rows.add(new RoomRow(String.format("participant %02d", p), lights, 1));
        }
        room.snapshot = new RoomSnapshot(1, T0, "", rows);
        model = new RoomViewModel(room, Runnable::run, Runnable::run, items -> { }, () -> T0.plus(Duration.ofMinutes(31)));
        model.update();
        WayInViewModel wayIn = new WayInViewModel(Fakes.addresses("ws://127.0.0.1:4598/", "http://127.0.0.1:4597", ""), Path.of("c.json"));
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(new RoomView(model, wayIn).root()), 1280, 800));
        stage.show();
    }

    @Test
    void fortyParticipantsOfSixtyLightsDrawOnlyTheRowsThatShowAndARunRedrawsOneRow(FxRobot robot) {
        List<ListCell<?>> cells = Fx.call(() -> {
            List<ListCell<?>> drawn = new ArrayList<>();
            for (javafx.scene.Node n : robot.lookup(".participant-cell").queryAll()) {
                if (n instanceof ListCell<?> c && c.getItem() != null) {
                    drawn.add(c);
                }
            }
            return drawn;
        });
        assertThat(cells.size()).as("cells drawn for 40 participants: only those on screen").isBetween(3, 30);
        assertThat(Fx.call(() -> cells.get(0).lookupAll(".room-light").size())).isEqualTo(60);

        AtomicInteger redrawn = new AtomicInteger();
        Fx.call(() -> {
            for (ListCell<?> c : cells) {
                ((javafx.scene.layout.Pane) c.lookup(".light-strip")).getChildren()
                        .addListener((javafx.collections.ListChangeListener<javafx.scene.Node>) change -> redrawn.incrementAndGet());
            }
            return null;
        });
        List<RoomRow> next = new ArrayList<>(rows);
        List<Light> more = new ArrayList<>(rows.get(1).lights());
        more.add(new Light(99_999, T0.plus(Duration.ofMinutes(31)), "warmpool/python-pytest", Outcome.GREEN, 380));
        next.set(1, new RoomRow("participant 01", more, 2));
        room.snapshot = new RoomSnapshot(2, T0, "", next);
        robot.interact(model::update);

        Set<Integer> lightsPerCell = Fx.call(() -> new java.util.HashSet<>(cells.stream().map(c -> c.lookupAll(".room-light").size()).toList()));
        assertThat(lightsPerCell).containsExactlyInAnyOrder(60, 61);
        assertThat(redrawn.get()).as("strips that changed after one run").isEqualTo(1);

        robot.interact(() -> model.detail().open(rows.get(0).lights().get(0), "participant 00"));
        Fx.call(() -> org.warmpool.app.replay.NodeSnapshots.save(robot.lookup("#room-view").query(), "room-looks"));
    }
}
