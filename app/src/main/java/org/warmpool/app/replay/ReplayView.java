package org.warmpool.app.replay;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;

/** The Replay tab (being built). */
public final class ReplayView implements ConsoleView {
    private final Label root = new Label("Replay");

    public static ReplayView create(ConsoleContext context) {
        return new ReplayView();
    }

    @Override
    public String title() {
        return "Replay";
    }

    @Override
    public Node root() {
        return root;
    }
}
