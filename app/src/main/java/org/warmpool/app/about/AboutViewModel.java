package org.warmpool.app.about;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.About;
import org.warmpool.engine.api.BuildInfo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The About box: what this build is, what it runs on, and where it keeps things. Everything is
 * known up front except Docker's version, which is asked for off the FX thread each time the box
 * opens ({@link #refreshDocker()}).
 */
public final class AboutViewModel {
    /** One line of the box: its name, its id in the view, and its value. */
    public record Row(String name, String id, ReadOnlyStringProperty value) {
    }

    static final String CHECKING = "checking …";
    static final String NOT_REACHABLE = "not reachable (see the banner in the main window)";

    private final ReadOnlyStringWrapper docker = new ReadOnlyStringWrapper(CHECKING);
    private final List<Row> rows;
    private final Supplier<Optional<String>> dockerVersion;
    private final Executor background;
    private final Executor fx;

    /**
     * @param about         the build and where its files are ({@code Warmpool::about})
     * @param javafx        the JavaFX runtime's version
     * @param dockerVersion asks the daemon (blocking; {@code Warmpool::dockerVersion}); empty when it does not answer
     * @param background    where to ask it
     * @param fx            where to publish the answer (the FX thread)
     */
    public AboutViewModel(About about, String javafx, Supplier<Optional<String>> dockerVersion, Executor background,
                          Executor fx) {
        this.dockerVersion = dockerVersion;
        this.background = background;
        this.fx = fx;
        BuildInfo build = about.build();
        this.rows = List.of(
                row("Version", "about-version", build.version()),
                row("Commit", "about-commit", build.commit() + (build.dirty() ? " (with uncommitted changes)" : "")),
                row("Built", "about-built", build.buildTime().isEmpty() ? "unknown" : build.buildTime()),
                row("Java", "about-java", about.java()),
                row("JavaFX", "about-javafx", javafx),
                new Row("Docker engine", "about-docker", docker.getReadOnlyProperty()),
                row("Settings file", "about-settings", about.settingsFile().toAbsolutePath().toString()),
                row("Journal", "about-journal", about.journal()),
                row("Assets", "about-assets", about.assets().toAbsolutePath().normalize().toString()),
                row("Installed in", "about-home", about.installDir().isEmpty() ? "not installed (run from a clone)" : about.installDir()));
    }

    private static Row row(String name, String id, String value) {
        return new Row(name, id, new ReadOnlyStringWrapper(value).getReadOnlyProperty());
    }

    public String title() {
        return "About Warmpool";
    }

    public List<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty dockerProperty() {
        return docker.getReadOnlyProperty();
    }

    /** Asks Docker for its version again (it may have started since). */
    public void refreshDocker() {
        docker.set(CHECKING);
        background.execute(() -> {
            String answer;
            try {
                answer = dockerVersion.get().map(v -> "Docker " + v).orElse(NOT_REACHABLE);
            } catch (RuntimeException e) {
                answer = NOT_REACHABLE;
            }
            String text = answer;
            fx.execute(() -> docker.set(text));
        });
    }

    /** All of it as text, for a bug report. */
    public String copyText() {
        return rows.stream().map(r -> r.name() + ": " + r.value().get()).collect(Collectors.joining("\n", "", "\n"));
    }
}
