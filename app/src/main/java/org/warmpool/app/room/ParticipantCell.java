package org.warmpool.app.room;

import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.warmpool.app.Palette;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.RoomRow;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A participant's row: their name, their lights as small squares in time order (as cyber-dojo's
 * dashboard draws them, in the console's palette), and beside them the counts and how long ago.
 * A cell is reused for other participants as the list scrolls; a clicked square opens its run.
 */
final class ParticipantCell extends ListCell<ParticipantRow> {
    static final double SQUARE = 13;
    private static final PseudoClass STUCK = PseudoClass.getPseudoClass("stuck");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final RunDetailViewModel detail;
    private final Label name = new Label();
    private final FlowPane strip = new FlowPane(3, 3);
    private final Label counts = new Label();
    private final Label lastRun = new Label();
    private final Label lastGreen = new Label();
    private final HBox box;
    private final ChangeListener<RoomRow> redraw = (o, was, now) -> draw(now);
    private final ChangeListener<Boolean> stuck = (o, was, now) -> pseudoClassStateChanged(STUCK, now);

    ParticipantCell(RunDetailViewModel detail) {
        this.detail = detail;
        getStyleClass().add("participant-cell");
        name.getStyleClass().add("participant-name");
        name.setMinWidth(150);
        name.setPrefWidth(150);
        name.setMaxWidth(150);
        strip.getStyleClass().add("light-strip");
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.setMinWidth(0);
        HBox.setHgrow(strip, Priority.ALWAYS);
        counts.getStyleClass().add("participant-counts");
        counts.setWrapText(true);
        lastRun.getStyleClass().add("participant-when");
        lastGreen.getStyleClass().add("participant-when");
        VBox facts = new VBox(1, counts, new HBox(10, lastRun, lastGreen));
        facts.setMinWidth(290);
        facts.setPrefWidth(290);
        facts.setMaxWidth(290);
        box = new HBox(12, name, strip, facts);
        box.setAlignment(Pos.CENTER_LEFT);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ParticipantRow item, boolean empty) {
        ParticipantRow was = getItem();
        if (was != null) {
            was.rowProperty().removeListener(redraw);
            was.stuckProperty().removeListener(stuck);
            counts.textProperty().unbind();
            lastRun.textProperty().unbind();
            lastGreen.textProperty().unbind();
        }
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            pseudoClassStateChanged(STUCK, false);
            return;
        }
        name.setText(item.name());
        counts.textProperty().bind(item.countsProperty());
        lastRun.textProperty().bind(item.lastRunProperty());
        lastGreen.textProperty().bind(item.lastGreenProperty());
        item.rowProperty().addListener(redraw);
        item.stuckProperty().addListener(stuck);
        pseudoClassStateChanged(STUCK, item.stuckProperty().get());
        draw(item.rowProperty().get());
        setGraphic(box);
    }

    /** One square per light, the squares of the last participant shown here reused. */
    private void draw(RoomRow row) {
        List<Light> lights = row.lights();
        var squares = strip.getChildren();
        while (squares.size() > lights.size()) {
            squares.remove(squares.size() - 1);
        }
        while (squares.size() < lights.size()) {
            Rectangle square = new Rectangle(SQUARE, SQUARE);
            square.setArcWidth(3);
            square.setArcHeight(3);
            square.setCursor(Cursor.HAND);
            square.setOnMouseClicked(e -> {
                Light light = (Light) square.getUserData();
                ParticipantRow item = getItem();
                if (light != null && item != null) {
                    detail.open(light, item.name());
                }
            });
            squares.add(square);
        }
        for (int i = 0; i < lights.size(); i++) {
            Light light = lights.get(i);
            Rectangle square = (Rectangle) squares.get(i);
            square.setUserData(light);
            square.getStyleClass().setAll("room-light", Palette.styleClass(light.outcome()));
            square.setAccessibleText(light.outcome().wireName() + " at " + TIME.format(light.at()));
        }
    }
}
