package org.warmpool.app;

import javafx.scene.Node;

/** One tab of the console: a thin view over its view model. */
public interface ConsoleView {
    /** The tab's title, in an operator's words. */
    String title();

    /** The view's root node (built once). */
    Node root();
}
