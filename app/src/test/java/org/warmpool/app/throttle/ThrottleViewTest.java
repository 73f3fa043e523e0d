package org.warmpool.app.throttle;

import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.app.Console;
import org.warmpool.app.ConsoleApp;
import org.warmpool.app.TestEngines;
import org.warmpool.app.replay.Fx;
import org.warmpool.app.replay.NodeSnapshots;
import org.warmpool.app.replay.StartPoints;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.gateway.Protocol;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.server.WarmpoolServer;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Throttling tab in a real console, with real clients over the real WebSocket. */
@ExtendWith(ApplicationExtension.class)
class ThrottleViewTest {
    static final String IMAGE = "warmpool/busybox";

    @TempDir
    Path dir;
    Path settingsFile;
    Stage stage;
    WarmpoolServer warmpool;
    Console console;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        settingsFile = dir.resolve("config.json");
        warmpool = TestEngines.withPools(Map.of(IMAGE, 1), settingsFile);
        console = ConsoleApp.show(stage, warmpool);
        TabPane tabs = (TabPane) stage.getScene().lookup("#views");
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Throttling")).findFirst().orElseThrow());
    }

    @AfterEach
    void close() {
        console.close();
        warmpool.close();
    }

    void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup(id).queryAs(TextField.class);
        robot.interact(field::clear);
        robot.clickOn(field).write(text);
    }

    long shown(FxRobot robot, String id) {
        return Fx.call(() -> Long.parseLong(robot.lookup(id).queryAs(Label.class).getText()));
    }

    @Test
    void seeAThrottledRejectionAppearInTheThrottlingView(FxRobot robot) throws Exception {
        assertThat(shown(robot, "#rejections-rate")).isZero();

        // Tight limits, typed in and applied as an operator would.
        type(robot, "#limit-rate-per-second", "1");
        type(robot, "#limit-burst", "1");
        robot.clickOn("#limits-apply");
        WaitForAsyncUtils.waitForFxEvents();
        ThrottleLimits limits = warmpool.limits().current();
        assertThat(limits.ratePerSecond()).isEqualTo(1.0);
        assertThat(limits.burst()).isEqualTo(1);
        Settings saved = Settings.load(settingsFile);
        assertThat(saved.limits.ratePerSecond).as("kept in the settings file").isEqualTo(1.0);
        assertThat(saved.limits.burst).isEqualTo(1);
        assertThat(robot.lookup("#limits-message").queryAs(Label.class).getText()).startsWith("Applied and saved at");
        await().atMost(Duration.ofSeconds(120)).until(() -> warmpool.engine().ready());

        // One client sends five submissions at once.
        byte[] tgz = TarPacker.tgz(StartPoints.green());
        List<String> replies = new CopyOnWriteArrayList<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(warmpool.addresses().webSocket().orElseThrow(), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            replies.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            for (int i = 1; i <= 5; i++) {
                ws.sendBinary(Protocol.submission("burst-" + i, IMAGE, 10, false, tgz), true).get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> shown(robot, "#rejections-rate") > 0);
            await().atMost(Duration.ofSeconds(120)).until(() -> replies.stream()
                    .filter(r -> r.contains("\"type\":\"result\"") || r.contains("\"type\":\"error\"")).count() == 5);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }

        assertThat(replies).anyMatch(r -> r.contains("\"code\":\"throttled\""));
        long throttled = replies.stream().filter(r -> r.contains("\"code\":\"throttled\"")).count();
        // The view catches up at its next frame: wait for it rather than read it mid-way.
        await("every throttled reply counted in the view").atMost(Duration.ofSeconds(60)).until(() -> shown(robot, "#rejections-rate")
                + shown(robot, "#rejections-per_connection") + shown(robot, "#rejections-queue_full") == throttled);
        assertThat(shown(robot, "#rejections-rate")).as("rate rejections shown").isPositive();
        assertThat(robot.lookup("#throttle-headline").queryAs(Label.class).getText()).endsWith("turned away in the last 5 minutes");
        assertThat(robot.lookup("#throttle-headline-detail").queryAs(Label.class).getText()).startsWith("Mostly rate");
        ThrottleViewModel model = (ThrottleViewModel) robot.lookup("#throttle-view").query().getProperties().get(ThrottleViewModel.class);
        assertThat(Fx.call(() -> model.history().stream().mapToLong(s -> s.rejected().get("rate")).sum()
                + model.rejectedRecentProperty("rate").get())).as("on the chart's history").isPositive();
        java.time.Instant newest = Fx.call(() -> model.history().get(model.history().size() - 1).at());
        await("one more chart point").atMost(Duration.ofSeconds(60))
                .until(() -> Fx.call(() -> model.history().get(model.history().size() - 1).at()).isAfter(newest));
        WaitForAsyncUtils.waitForFxEvents();
        NodeSnapshots.save(stage.getScene().getRoot(), "throttling");
    }

    @Test
    void limitsThatMakeNoSenseAreRefusedNextToTheField(FxRobot robot) {
        ThrottleLimits before = warmpool.limits().current();
        type(robot, "#limit-burst", "0");
        type(robot, "#limit-max-connections", "many");
        robot.clickOn("#limits-apply");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#limits-error").queryAs(Label.class).getText()).isEqualTo("Not applied: correct the marked fields.");
        assertThat(robot.lookup("#limits-error").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#limit-burst").queryAs(TextField.class).getPseudoClassStates())
                .anyMatch(p -> p.getPseudoClassName().equals("danger"));
        assertThat(robot.lookup(".limit-hint").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("at least 1", "a whole number, not \"many\"");
        assertThat(warmpool.limits().current()).isEqualTo(before);
        NodeSnapshots.save(stage.getScene().getRoot(), "throttling-refused");
    }
}
