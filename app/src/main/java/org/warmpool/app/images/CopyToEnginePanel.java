package org.warmpool.app.images;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * "Copy to engine…" for the selected image, and the copy's progress, Cancel and outcome. Shown
 * only with several Docker engines. Layout and bindings only.
 */
final class CopyToEnginePanel {
    private final EngineCopies copies;
    private final Button button = new Button("Copy to engine…");
    private final VBox panel;

    CopyToEnginePanel(EngineCopies copies, TableView<ImageRow> table) {
        this.copies = copies;
        button.setId("images-copy");
        button.setTooltip(new Tooltip("Copy the selected image to a Docker engine that lacks it (docker save there → docker load),"
                + " so that engine takes its share of the image's pool"));
        button.visibleProperty().bind(copies.severalProperty());
        button.managedProperty().bind(button.visibleProperty());
        button.disableProperty().bind(copies.copyingProperty().or(table.getSelectionModel().selectedItemProperty().isNull()));
        button.setOnAction(e -> choose(table.getSelectionModel().getSelectedItem()));

        ProgressBar bar = new ProgressBar();
        bar.setId("images-copy-progress");
        bar.progressProperty().bind(copies.progressProperty());
        bar.setPrefWidth(320);
        Label text = new Label();
        text.setId("images-copy-text");
        text.textProperty().bind(copies.textProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("images-copy-cancel");
        cancel.setOnAction(e -> copies.cancel());
        HBox progress = new HBox(12, new Label("Copying"), bar, text, cancel);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(copies.copyingProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label error = new Label();
        error.setId("images-copy-error");
        error.getStyleClass().add("load-error");
        error.setWrapText(true);
        error.textProperty().bind(copies.errorProperty());
        error.visibleProperty().bind(copies.errorProperty().isEmpty().not());
        error.managedProperty().bind(error.visibleProperty());
        Label message = new Label();
        message.setId("images-copy-message");
        message.getStyleClass().add("load-message");
        message.setWrapText(true);
        message.textProperty().bind(copies.messageProperty());
        message.visibleProperty().bind(copies.messageProperty().isEmpty().not());
        message.managedProperty().bind(message.visibleProperty());
        Button dismiss = new Button("✕");
        dismiss.getStyleClass().addAll("flat", "small");
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setOnAction(e -> copies.dismiss());
        VBox words = new VBox(4, error, message);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox outcome = new HBox(8, words, dismiss);
        outcome.setAlignment(Pos.CENTER_LEFT);
        outcome.visibleProperty().bind(error.visibleProperty().or(message.visibleProperty()));
        outcome.managedProperty().bind(outcome.visibleProperty());

        panel = new VBox(8, progress, outcome);
        panel.visibleProperty().bind(progress.visibleProperty().or(outcome.visibleProperty()));
        panel.managedProperty().bind(panel.visibleProperty());
    }

    Button button() {
        return button;
    }

    VBox panel() {
        return panel;
    }

    /** Asks which engine (of those that lack the image), then copies; says so when none lacks it. */
    private void choose(ImageRow row) {
        if (row == null) {
            return;
        }
        if (row.lacking().isEmpty()) {
            copies.nothingToCopy(row);
            return;
        }
        ChoiceDialog<String> dialog = new ChoiceDialog<>(row.lacking().get(0), row.lacking());
        dialog.setTitle("Copy to engine");
        dialog.setHeaderText("Copy " + row.name() + " to a Docker engine that lacks it");
        dialog.setContentText("Engine:");
        dialog.initOwner(button.getScene().getWindow());
        dialog.showAndWait().ifPresent(engine -> copies.copy(row, engine));
    }
}
