package org.warmpool.app.images;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;

/** The Images tab (being built). */
public final class ImagesView implements ConsoleView {
    private final Label root = new Label("Images");

    public static ImagesView create(ConsoleContext context) {
        return new ImagesView();
    }

    @Override
    public String title() {
        return "Images";
    }

    @Override
    public Node root() {
        return root;
    }
}
