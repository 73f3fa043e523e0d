package org.warmpool.app.about;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The About box: a view over {@link AboutViewModel}; Esc or Enter closes it. */
public final class AboutDialog {
    private AboutDialog() {
    }

    public static Dialog<ButtonType> create(Window owner, AboutViewModel model, Image icon) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(model.title());
        dialog.getDialogPane().setId("about-dialog");

        ImageView logo = new ImageView(icon);
        logo.setFitWidth(72);
        logo.setFitHeight(72);
        Label name = new Label("Warmpool");
        name.getStyleClass().add("title-2");
        Label tagline = new Label("warm containers, instant traffic lights");
        tagline.getStyleClass().add("text-muted");
        HBox header = new HBox(16, logo, new VBox(4, name, tagline));
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        int row = 0;
        for (AboutViewModel.Row r : model.rows()) {
            Label key = new Label(r.name());
            key.getStyleClass().add("text-muted");
            Label value = new Label();
            value.setId(r.id());
            value.textProperty().bind(r.value());
            value.setStyle("-fx-font-family: monospace;");
            grid.addRow(row++, key, value);
        }

        Button copy = new Button("_Copy details");
        copy.setId("about-copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.copyText());
            Clipboard.getSystemClipboard().setContent(content);
        });

        VBox content = new VBox(16, header, grid, copy);
        content.setPadding(new Insets(8, 8, 0, 8));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("about-close");
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage stage) {
            stage.getIcons().add(icon);
        }
        dialog.setOnShown(e -> model.refreshDocker());
        return dialog;
    }
}
