package org.warmpool.app.about;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.About;
import org.warmpool.engine.api.BuildInfo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AboutViewModelTest {
    static final String SHA = "48bdf734bb60720e459fa05c6f0830b5591910ca";
    static final Executor NOW = Runnable::run;

    static AboutViewModel model(BuildInfo build, Supplier<Optional<String>> docker, Executor background) {
        return new AboutViewModel(new About(build, "17.0.15+6 (Debian)", Path.of("/home/ada/.config/warmpool/config.json"),
                "/home/ada/.local/share/warmpool/journal.db", Path.of("/opt/warmpool/lib/app/assets"), "/opt/warmpool/lib/app"),
                "21.0.11", docker, background, NOW);
    }

    static Map<String, String> values(AboutViewModel model) {
        return model.rows().stream().collect(Collectors.toMap(AboutViewModel.Row::name, r -> r.value().get()));
    }

    @Test
    void showsTheBuildWhatItRunsOnAndWhereThingsLive() {
        AboutViewModel model = model(new BuildInfo("0.1.0", SHA, false, "2026-11-28T20:00:00Z", "2026-11-28T21:00:00Z"),
                () -> Optional.of("20.10.24"), NOW);

        assertThat(model.title()).isEqualTo("About Warmpool");
        assertThat(values(model)).containsEntry("Version", "0.1.0").containsEntry("Commit", SHA)
                .containsEntry("Built", "2026-11-28T21:00:00Z").containsEntry("Java", "17.0.15+6 (Debian)")
                .containsEntry("JavaFX", "21.0.11")
                .containsEntry("Settings file", "/home/ada/.config/warmpool/config.json")
                .containsEntry("Journal", "/home/ada/.local/share/warmpool/journal.db")
                .containsEntry("Assets", "/opt/warmpool/lib/app/assets").containsEntry("Installed in", "/opt/warmpool/lib/app");
        assertThat(model.rows()).extracting(AboutViewModel.Row::name).containsExactly("Version", "Commit", "Built", "Java",
                "JavaFX", "Docker engine", "Settings file", "Journal", "Assets", "Installed in");
    }

    @Test
    void asksDockerForItsVersionInTheBackgroundEachTimeItOpens() {
        Runnable[] pending = new Runnable[1];
        String[] version = {"20.10.24"};
        AboutViewModel model = model(new BuildInfo("0.1.0", SHA, false, "", ""), () -> Optional.of(version[0]),
                task -> pending[0] = task);

        model.refreshDocker();
        assertThat(model.dockerProperty().get()).isEqualTo(AboutViewModel.CHECKING);
        pending[0].run();
        assertThat(model.dockerProperty().get()).isEqualTo("Docker 20.10.24");

        version[0] = "24.0.5";
        model.refreshDocker();
        pending[0].run();
        assertThat(values(model)).containsEntry("Docker engine", "Docker 24.0.5");
    }

    @Test
    void saysWhenDockerIsNotReachableAndWhenTheBuildIsUnknownOrDirty() {
        AboutViewModel model = model(new BuildInfo("development build", SHA, true, "", ""), Optional::empty, NOW);

        model.refreshDocker();

        assertThat(values(model)).containsEntry("Docker engine", AboutViewModel.NOT_REACHABLE)
                .containsEntry("Built", "unknown").containsEntry("Commit", SHA + " (with uncommitted changes)");
    }

    @Test
    void runFromAClonePlaceIsSaidSo() {
        AboutViewModel model = new AboutViewModel(new About(new BuildInfo("0.1.0", SHA, false, "", ""), "17.0.15+6",
                Path.of("/home/ada/.config/warmpool/config.json"), "not recording (journal off)", Path.of("assets"), ""),
                "21.0.11", Optional::empty, NOW, NOW);

        assertThat(values(model)).containsEntry("Installed in", "not installed (run from a clone)")
                .containsEntry("Journal", "not recording (journal off)");
    }

    @Test
    void copiesEveryLineAsText() {
        AboutViewModel model = model(new BuildInfo("0.1.0", SHA, false, "", "2026-11-28T21:00:00Z"), () -> Optional.of("20.10.24"), NOW);
        model.refreshDocker();

        assertThat(model.copyText()).startsWith("Version: 0.1.0\nCommit: " + SHA + "\n")
                .contains("Docker engine: Docker 20.10.24\n").endsWith("Installed in: /opt/warmpool/lib/app\n");
    }
}
