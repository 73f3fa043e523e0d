package org.warmpool.app.engines;

import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.warmpool.app.Fakes;
import org.warmpool.app.images.FakeEngineImages;
import org.warmpool.app.images.ImageRow;
import org.warmpool.app.images.ImagesView;
import org.warmpool.app.images.ImagesViewModel;
import org.warmpool.app.pools.PoolsView;
import org.warmpool.app.pools.PoolsViewModel;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.ViewLooks;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.app.engines.EngineSnapshots.SIX_PM;
import static org.warmpool.app.engines.EngineSnapshots.at;
import static org.warmpool.app.engines.EngineSnapshots.down;
import static org.warmpool.app.engines.EngineSnapshots.up;

/**
 * The console's Engines, Pools and Images tabs over three Docker engines, fed the engine's
 * snapshots and events frame by frame as the console's pump feeds them: what an operator sees when
 * one engine goes down, and when an image is copied to an engine that lacks it.
 */
@ExtendWith(ApplicationExtension.class)
class SeveralEnginesViewTest {
    static final String BUSYBOX = "warmpool/busybox";
    static final String LOCAL = "unix:///var/run/docker.sock";
    static final String DIND2 = "unix:///var/run/warmpool-test-2.sock";
    static final String DIND3 = "unix:///var/run/warmpool-test-3.sock";
    static final String REFUSED = "Cannot connect to the Docker daemon at " + DIND2 + ". Is the docker daemon running?";

    final FakeEngineImages images = new FakeEngineImages()
            .holds(BUSYBOX, 4_000_000, Map.of("local", true, "dind-2", true, "dind-3", false));
    final ExecutorService io = Executors.newSingleThreadExecutor();
    EnginesViewModel engines;
    PoolsViewModel pools;
    ImagesViewModel imagesModel;
    TabPane tabs;

    @Start
    void start(Stage stage) {
        engines = new EnginesViewModel(ZoneOffset.UTC);
        pools = new PoolsViewModel(new Fakes.FakePools(), null, Runnable::run, Runnable::run);
        imagesModel = new ImagesViewModel(images, javafx.application.Platform::runLater, io);
        tabs = new TabPane(new Tab("Engines", new EnginesView(engines).root()), new Tab("Pools", new PoolsView(pools).root()),
                new Tab("Images", new ImagesView(imagesModel).root()));
        ViewLooks.show(stage, tabs, "light");
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    void frame(FxRobot robot, EngineSnapshot snapshot, EngineEvent... events) {
        robot.interact(() -> {
            engines.update(snapshot, List.of(events));
            pools.update(snapshot);
            imagesModel.update(snapshot);
        });
    }

    static PoolSnapshot pool(PoolShare... shares) {
        int ready = List.of(shares).stream().mapToInt(PoolShare::ready).sum();
        return Fakes.pool(BUSYBOX, 6, ready, 0).withEngines(List.of(shares));
    }

    static PoolShare share(String engine, int target, int ready) {
        return new PoolShare(engine, target, ready, target - ready, 0, PoolState.READY, "");
    }

    String text(FxRobot robot, String id) {
        return Fx.call(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    boolean shown(FxRobot robot, String id) {
        return Fx.call(() -> robot.lookup(id).query().isVisible());
    }

    void select(FxRobot robot, String tab) {
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals(tab))
                .findFirst().orElseThrow()));
    }

    @Test
    void anEngineThatGoesDownShowsDownWithItsErrorAndItsShareOfThePoolMovesToTheOthers(FxRobot robot) {
        EngineStatus local = up("local", LOCAL, 2, 0, 0.5, 30);
        EngineStatus dind3 = up("dind-3", DIND3, 2, 0, 0.5, 28);
        frame(robot, at(0, List.of(pool(share("local", 2, 2), share("dind-2", 2, 2), share("dind-3", 2, 2))), local,
                up("dind-2", DIND2, 2, 0, 0.5, 25), dind3));

        assertThat(text(robot, "#engines-summary")).isEqualTo("3 engines · 3 up · 1.5 runs/s");
        assertThat(text(robot, "#engine-health-dind-2")).isEqualTo("up");
        assertThat(shown(robot, "#engine-error-dind-2")).as("an error line while it never failed").isFalse();

        frame(robot, at(40, List.of(pool(share("local", 3, 2), new PoolShare("dind-2", 0, 0, 0, 0, PoolState.READY,
                        "the engine does not answer: " + REFUSED), share("dind-3", 3, 2))), local, down("dind-2", DIND2, REFUSED, 25), dind3),
                new EngineEvent.EngineDown(SIX_PM.plusSeconds(31), "dind-2", REFUSED));

        assertThat(text(robot, "#engine-health-dind-2")).isEqualTo("down");
        assertThat(text(robot, "#engine-since-dind-2")).isEqualTo("since 18:00:31 · 9 s");
        assertThat(shown(robot, "#engine-error-dind-2")).isTrue();
        assertThat(text(robot, "#engine-error-dind-2")).isEqualTo("error: " + REFUSED);
        assertThat(text(robot, "#engine-health-local")).isEqualTo("up");
        assertThat(text(robot, "#engines-summary")).isEqualTo("3 engines · 2 up · 1 down · 1.0 runs/s");

        select(robot, "Pools");
        assertThat(text(robot, "#shares-warmpool-busybox")).as("the pool card's engines")
                .isEqualTo("ready by engine: local 2/3 · dind-2 down · dind-3 2/3");

        frame(robot, at(50, List.of(pool(share("local", 3, 3), share("dind-3", 3, 3))), local,
                down("dind-2", DIND2, REFUSED, 25), dind3));
        assertThat(text(robot, "#shares-warmpool-busybox")).as("the others filled its share")
                .isEqualTo("ready by engine: local 3/3 · dind-2 down · dind-3 3/3");
    }

    @Test
    void anImageIsCopiedToTheEngineThatLacksItWithProgressAndTheCopyCanBeCancelled(FxRobot robot) {
        frame(robot, at(0, List.of(), up("local", LOCAL, 0, 0, 0, 0), up("dind-2", DIND2, 0, 0, 0, 0), up("dind-3", DIND3, 0, 0, 0, 0)));
        select(robot, "Images");
        robot.interact(imagesModel::refresh);
        await().until(() -> Fx.call(() -> imagesModel.rows().size() == 1
                && imagesModel.rows().get(0).enginesProperty().get().equals("local ✓ · dind-2 ✓ · dind-3 ✕")));
        TableView<ImageRow> table = robot.lookup("#images-table").queryTableView();
        assertThat(Fx.call(() -> table.getColumns().stream().filter(c -> c.getText().equals("Engines")).findFirst().orElseThrow()
                .isVisible())).as("the Engines column").isTrue();
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#images-copy");
        robot.clickOn("OK"); // the dialog offers the one engine that lacks it
        await().until(() -> images.copy != null);
        assertThat(images.copies).containsExactly(BUSYBOX + ":latest → dind-3");

        images.copy.sent.accept(1_000_000);
        await().until(() -> text(robot, "#images-copy-text").contains("1.0 MB"));
        assertThat(text(robot, "#images-copy-text")).isEqualTo("warmpool/busybox:latest to dind-3 · 1.0 MB of about 4.0 MB");
        assertThat(Fx.call(() -> robot.lookup("#images-copy-progress").queryAs(ProgressBar.class).getProgress())).isEqualTo(0.25);
        assertThat(Fx.call(() -> robot.lookup("#images-copy").query().isDisabled())).as("a second copy while one runs").isTrue();

        robot.clickOn("#images-copy-cancel");

        await().until(() -> !text(robot, "#images-copy-message").isEmpty());
        assertThat(text(robot, "#images-copy-message"))
                .isEqualTo("Copy of warmpool/busybox:latest to dind-3 cancelled: dind-3 keeps nothing of it.");
        assertThat(images.copy.cancelled).isTrue();
        assertThat(Fx.call(() -> robot.lookup("#images-copy-progress").query().getParent().isVisible())).as("progress after the end")
                .isFalse();
        assertThat(Fx.call(() -> imagesModel.rows().get(0).enginesProperty().get())).isEqualTo("local ✓ · dind-2 ✓ · dind-3 ✕");
    }
}
