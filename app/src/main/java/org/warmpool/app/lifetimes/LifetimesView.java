package org.warmpool.app.lifetimes;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;

/** The Lifetimes tab (being built). */
public final class LifetimesView implements ConsoleView {
    private final Label root = new Label("Lifetimes");

    public static LifetimesView create(ConsoleContext context) {
        return new LifetimesView();
    }

    @Override
    public String title() {
        return "Lifetimes";
    }

    @Override
    public Node root() {
        return root;
    }
}
