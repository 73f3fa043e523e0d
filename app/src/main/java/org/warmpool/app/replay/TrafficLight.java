package org.warmpool.app.replay;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;

/** A coloured circle and the outcome's word: the product's traffic light. Styled by {@code replay.css}. */
public final class TrafficLight extends HBox {
    private final Circle lamp;
    private final Label word = new Label();
    private ReplayRow.Light shown;

    public TrafficLight(double radius) {
        super(8);
        lamp = new Circle(radius);
        lamp.getStyleClass().add("lamp");
        word.getStyleClass().add("light-word");
        getStyleClass().add("traffic-light");
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(lamp, word);
    }

    public void show(ReplayRow.Light light) {
        if (shown != null) {
            getStyleClass().remove(shown.styleClass());
        }
        shown = light;
        if (light != null) {
            getStyleClass().add(light.styleClass());
        }
        word.setText(light == null ? "" : light.word());
        lamp.setVisible(light != null);
    }

    public ReplayRow.Light shown() {
        return shown;
    }

    public String word() {
        return word.getText();
    }
}
