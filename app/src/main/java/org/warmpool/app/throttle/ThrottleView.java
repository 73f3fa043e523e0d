package org.warmpool.app.throttle;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;

/** The Throttling tab (being built). */
public final class ThrottleView implements ConsoleView {
    private final Label root = new Label("Throttling");

    public static ThrottleView create(ConsoleContext context) {
        return new ThrottleView();
    }

    @Override
    public String title() {
        return "Throttling";
    }

    @Override
    public Node root() {
        return root;
    }
}
