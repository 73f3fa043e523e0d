package org.warmpool.app;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.api.PoolSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's first start without a window: the settings file decides whether there is one
 * (pools named, even none, are respected), the chosen pools are saved for the next start, and a
 * Docker that does not answer yet is waited for.
 */
class FirstStartConsoleTest {
    static final Duration CEILING = Duration.ofSeconds(180);
    static final String QUIET = "\"http_port\": 0, \"ws_port\": 0, \"journal\": {\"enabled\": false}";

    @Test
    void aSettingsFileThatNamesNoPoolsOnPurposeGetsNone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {}, " + QUIET + "}");
        try (ConsoleContext context = ConsoleContext.start(file)) {
            assertThat(context.firstStart()).as("first start").isNull();
            assertThat(StatusViewModel.of(context).firstStartProperty().get()).as("status bar").isEmpty();
            context.pump().frame();
            assertThat(context.engine().snapshot().pools()).as("pools").isEmpty();
        }
        assertThat(Settings.load(file).pools).isEmpty();
    }

    @Test
    void aFileWithoutPoolsGetsAFirstStartWhosePoolsTheNextStartReadsBack(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{" + QUIET + "}");
        try (ConsoleContext context = ConsoleContext.start(file)) {
            assertThat(context.firstStart()).as("first start").isNotNull();
            assertThat(context.firstStart().reason()).isEqualTo("the settings file names no pools");
            await("pools chosen").atMost(CEILING).until(() -> context.firstStart().chosen().isDone());
            context.pump().frame(); // the console saves them on its next frame
        }

        Settings saved = Settings.load(file);
        assertThat(saved.pools).containsKeys(FirstStart.DEMO_IMAGES.toArray(String[]::new));
        assertThat(saved.httpPort).as("the rest of the file kept").isZero();
        try (ConsoleContext second = ConsoleContext.start(file)) {
            assertThat(second.firstStart()).as("first start at the second start").isNull();
            assertThat(second.engine().snapshot().pools()).extracting(PoolSnapshot::image)
                    .containsExactlyInAnyOrderElementsOf(saved.pools.keySet());
        }
    }

    @Test
    void whileDockerDoesNotAnswerTheStatusBarSaysThePoolsAreChosenOnceItDoes(@TempDir Path dir) {
        var nowhere = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///tmp/warmpool-first-start-test-no-docker.sock").build();
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        Path file = dir.resolve("config.json");
        try (ConsoleContext context = ConsoleContext.start(file, Engine.start(EngineConfig.defaults(), new DockerJavaRuntime(nowhere)),
                settings)) {
            StatusViewModel status = StatusViewModel.of(context);
            await("waiting for Docker").atMost(CEILING).until(() -> {
                context.pump().frame();
                return status.firstStartProperty().get().equals("First start: choosing pools once Docker answers …");
            });
            assertThat(status.firstStartShownProperty().get()).isTrue();
            assertThat(status.firstStartDetailProperty().get()).contains("no settings file").contains("demo images first");

            status.dismissFirstStart();
            assertThat(status.firstStartShownProperty().get()).as("shown after Dismiss").isFalse();
        }
        assertThat(Files.exists(file)).as("a settings file saved before anything was chosen").isFalse();
    }
}
