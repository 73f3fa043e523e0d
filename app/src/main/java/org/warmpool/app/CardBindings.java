package org.warmpool.app;

import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

import java.util.ArrayList;
import java.util.List;

/**
 * A card's bindings and listeners on its row, let go of together when the card is dropped, so that
 * no binding keeps a row (and the card with it) alive after the view has moved on.
 */
public final class CardBindings {
    private final List<Runnable> undo = new ArrayList<>();

    /** Remembers how to let go of something bound or listened to. */
    public void add(Runnable release) {
        undo.add(release);
    }

    /** Binds the label's text to {@code text}; returns the label. */
    public Label bound(Label label, ObservableValue<String> text) {
        StringProperty property = label.textProperty();
        property.bind(text);
        undo.add(property::unbind);
        return label;
    }

    /** Lets go of everything bound so far. */
    public void release() {
        undo.forEach(Runnable::run);
        undo.clear();
    }

    /** The label shows, and takes room, only while it has text. */
    public static void visibleWhenNotEmpty(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
