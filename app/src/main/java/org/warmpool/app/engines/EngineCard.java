package org.warmpool.app.engines;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.warmpool.app.CardBindings;

/**
 * One engine's card: name and address, up or down and since when, Docker's version, cores and
 * memory, Warmpool's containers there by phase, runs per second, the last error and the images it
 * lacks. Bound to its {@link EngineRow} until {@link #unbind()}.
 */
final class EngineCard {
    static final double WIDTH = 400;
    private static final String BADGE = "-fx-padding: 2 8; -fx-background-radius: 8; -fx-font-weight: bold; ";

    private final VBox node;
    private final CardBindings bindings = new CardBindings();

    EngineCard(EngineRow row) {
        String id = id(row.name());
        Label name = new Label(row.name());
        name.setId("engine-name-" + id);
        name.getStyleClass().add("title-4");
        name.setMinWidth(Label.USE_PREF_SIZE);
        Label health = bindings.bound(new Label(), row.healthProperty());
        health.setId("engine-health-" + id);
        health.getStyleClass().add("engine-health");
        health.styleProperty().bind(Bindings.when(row.upProperty())
                .then(BADGE + "-fx-background-color: -color-success-muted; -fx-text-fill: -color-success-fg;")
                .otherwise(BADGE + "-fx-background-color: -color-danger-muted; -fx-text-fill: -color-danger-fg;"));
        bindings.add(health.styleProperty()::unbind);
        Label since = bindings.bound(new Label(), row.sinceProperty());
        since.setId("engine-since-" + id);
        since.getStyleClass().add("text-muted");
        HBox title = new HBox(10, name, health, since);
        title.setAlignment(Pos.CENTER_LEFT);

        Label uri = bindings.bound(new Label(), row.uriProperty());
        uri.setId("engine-uri-" + id);
        uri.getStyleClass().addAll("text-muted", "engine-uri");
        Label version = bindings.bound(new Label(), row.versionProperty());
        version.setId("engine-version-" + id);
        Label capacity = bindings.bound(new Label(), row.capacityProperty());
        capacity.setId("engine-capacity-" + id);
        Label containers = bindings.bound(new Label(), row.containersProperty());
        containers.setId("engine-containers-" + id);
        containers.setWrapText(true);
        containers.setTooltip(new Tooltip("Warmpool's containers on this engine now, by where they are in their lives"));
        Label runs = bindings.bound(new Label(), row.runsProperty());
        runs.setId("engine-runs-" + id);
        runs.getStyleClass().add("title-4");
        Label error = bindings.bound(new Label(), row.lastErrorProperty());
        error.setId("engine-error-" + id);
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        CardBindings.visibleWhenNotEmpty(error);
        Label missing = bindings.bound(new Label(), row.missingProperty());
        missing.setId("engine-missing-" + id);
        missing.setWrapText(true);
        missing.setStyle("-fx-text-fill: -color-warning-fg;");
        CardBindings.visibleWhenNotEmpty(missing);

        node = new VBox(6, title, uri, new HBox(16, version, capacity), runs, containers, error, missing);
        node.setId("engine-" + id);
        node.getStyleClass().add("engine-card");
        node.setPadding(new Insets(12, 16, 12, 16));
        node.setPrefWidth(WIDTH);
        node.setMaxWidth(WIDTH);
        node.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 8;");
    }

    /** A node id from an engine's name ({@code host:port}, a socket's path): letters, digits and dashes. */
    static String id(String engineName) {
        return engineName.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    VBox node() {
        return node;
    }

    /** Lets go of the row: no binding of this card stays on it. */
    void unbind() {
        bindings.release();
    }
}
