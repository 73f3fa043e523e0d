package org.warmpool.app;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The main window's content. */
final class MainWindow {
    private MainWindow() {
    }

    static Parent build() {
        Label title = new Label(ConsoleApp.TITLE);
        title.setId("product-name");
        title.setStyle("-fx-font-size: 36px; -fx-font-weight: bold;");
        Label subtitle = new Label("Pre-warmed Docker containers for cyber-dojo style test runs");
        subtitle.setStyle("-fx-font-size: 16px; -fx-text-fill: #57606a;");
        VBox root = new VBox(12, title, subtitle);
        root.setAlignment(Pos.CENTER);
        return root;
    }
}
