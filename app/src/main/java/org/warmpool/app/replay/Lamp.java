package org.warmpool.app.replay;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import org.warmpool.app.Palette;

import java.util.Locale;

/**
 * A row's traffic light: a lamp and its word. An outcome's lamp takes the console's one
 * {@link Palette} (style class {@code outcome-red}, …, on the lamp and on this node; the view holding
 * it adds the palette's stylesheet, see {@link Palette#styled}); a lamp without
 * an outcome yet is styled by its state ({@code light-waiting}, {@code light-running},
 * {@code light-refused}, {@code light-cancelled}) in {@code replay.css}.
 */
public final class Lamp extends HBox {
    private final Circle lamp;
    private final Label word = new Label();
    private String shownClass;

    public Lamp(double radius) {
        super(8);
        lamp = new Circle(radius, Color.TRANSPARENT);
        lamp.getStyleClass().add("lamp");
        word.getStyleClass().add("light-word");
        getStyleClass().add("traffic-light");
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(lamp, word);
    }

    /** Shows a light; {@code null} shows nothing. */
    public void show(ReplayRow.Light light) {
        if (shownClass != null) {
            getStyleClass().remove(shownClass);
            lamp.getStyleClass().remove(shownClass);
        }
        shownClass = light == null ? null : styleClass(light);
        if (shownClass != null) {
            getStyleClass().add(shownClass);
            lamp.getStyleClass().add(shownClass);
        }
        word.setText(light == null ? "" : light.word());
        lamp.setVisible(light != null);
    }

    /** {@code outcome-green} (the palette's) for an outcome, else {@code light-running}, … */
    static String styleClass(ReplayRow.Light light) {
        return light.outcome() != null ? Palette.styleClass(light.outcome())
                : "light-" + light.state().name().toLowerCase(Locale.ROOT);
    }

    /** The word shown. */
    public String word() {
        return word.getText();
    }
}
