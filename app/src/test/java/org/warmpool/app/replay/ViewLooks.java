package org.warmpool.app.replay;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;
import org.warmpool.app.MainWindow;

import java.nio.file.Path;

/** Puts one view alone in a window the size of the console's tab area, in a theme, and photographs it. */
public final class ViewLooks {
    /** The console's tab content at 1280×800, less header, tabs and status bar. */
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 680;

    private ViewLooks() {
    }

    public static void show(Stage stage, Node view, String theme) {
        MainWindow.applyTheme(theme);
        Parent root = new StackPane(view);
        stage.setScene(new Scene(root, WIDTH, HEIGHT));
        stage.show();
    }

    public static Path photograph(Stage stage, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        return NodeSnapshots.save(stage.getScene().getRoot(), name);
    }
}
