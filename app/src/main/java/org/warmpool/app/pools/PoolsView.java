package org.warmpool.app.pools;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;

/** The Pools tab (being built). */
public final class PoolsView implements ConsoleView {
    private final Label root = new Label("Pools");

    public static PoolsView create(ConsoleContext context) {
        return new PoolsView();
    }

    @Override
    public String title() {
        return "Pools";
    }

    @Override
    public Node root() {
        return root;
    }
}
