package org.warmpool.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.StartOptions;
import org.warmpool.engine.api.Warmpool;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.server.WarmpoolServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's first start without a window, started as {@link ConsoleApp} starts Warmpool
 * (the settings file, kept up to date): the file decides whether there is one (pools named, even
 * none, are respected), the chosen pools are saved for the next start, and a Docker that does
 * not answer yet is waited for.
 */
class FirstStartConsoleTest {
    static final Duration CEILING = Duration.ofSeconds(180);
    static final String QUIET = "\"http_port\": 0, \"ws_port\": 0, \"journal\": {\"enabled\": false}";

    static StatusViewModel status(Warmpool warmpool) {
        return new StatusViewModel(warmpool.addresses(), warmpool.journal(), warmpool::firstStart, warmpool.about().settingsFile());
    }

    /** The settings as saved, once they name these pools (the engine writes them as the choice is made). */
    static boolean savedWith(Path file, List<String> images) {
        try {
            return Files.exists(file) && Settings.load(file).pools.keySet().containsAll(images);
        } catch (IOException halfWritten) {
            return false;
        }
    }

    @Test
    void aSettingsFileThatNamesNoPoolsOnPurposeGetsNone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {}, " + QUIET + "}");
        try (Warmpool warmpool = Warmpool.start(StartOptions.settingsFile(file))) {
            assertThat(warmpool.firstStart()).as("first start").isEmpty();
            assertThat(status(warmpool).firstStartProperty().get()).as("status bar").isEmpty();
            assertThat(warmpool.snapshot().pools()).as("pools").isEmpty();
        }
        assertThat(Settings.load(file).pools).isEmpty();
    }

    @Test
    void aFileWithoutPoolsGetsAFirstStartWhosePoolsTheNextStartReadsBack(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{" + QUIET + "}");
        try (Warmpool warmpool = Warmpool.start(StartOptions.settingsFile(file))) {
            assertThat(warmpool.firstStart()).as("first start").isPresent();
            assertThat(warmpool.firstStart().orElseThrow().reason()).isEqualTo("the settings file names no pools");
            await("pools chosen").atMost(CEILING)
                    .until(() -> warmpool.firstStart().orElseThrow().state() == FirstStartStatus.State.DONE);
            assertThat(warmpool.firstStart().orElseThrow().savedIn()).as("saved in").isEqualTo(file);
            await("pools saved").atMost(CEILING).until(() -> savedWith(file, FirstStart.DEMO_IMAGES));
        }

        Settings saved = Settings.load(file);
        assertThat(saved.pools).containsKeys(FirstStart.DEMO_IMAGES.toArray(String[]::new));
        assertThat(saved.httpPort).as("the rest of the file kept").isZero();
        try (Warmpool second = Warmpool.start(StartOptions.settingsFile(file))) {
            assertThat(second.firstStart()).as("first start at the second start").isEmpty();
            assertThat(second.snapshot().pools()).extracting(PoolSnapshot::image)
                    .containsExactlyInAnyOrderElementsOf(saved.pools.keySet());
        }
    }

    @Test
    void whileDockerDoesNotAnswerTheStatusBarSaysThePoolsAreChosenOnceItDoes(@TempDir Path dir) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        Path file = dir.resolve("config.json");
        try (WarmpoolServer warmpool = WarmpoolServer.start(settings, file, true,
                () -> new DockerJavaRuntime(TestEngines.nowhere("warmpool-first-start-test-no-docker")))) {
            StatusViewModel status = status(warmpool);
            await("waiting for Docker").atMost(CEILING).until(() -> {
                status.update(warmpool.snapshot(), List.of());
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
