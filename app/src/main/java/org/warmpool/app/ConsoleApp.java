package org.warmpool.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The console window. */
public final class ConsoleApp extends Application {
    public static final String TITLE = "Warmpool";

    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(MainWindow.build(), 1280, 800));
        stage.setTitle(TITLE);
        stage.show();
    }
}
