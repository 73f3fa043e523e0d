package org.warmpool.app.room;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The way in: the participants' address as a QR code and as text, with copy buttons; the projector page; or how to open up. */
final class WayInPane {
    static final int QR_SIZE = 200;
    private final ScrollPane root;

    WayInPane(WayInViewModel model) {
        Label heading = new Label("A way in");
        heading.getStyleClass().add("title-4");
        Label intro = new Label("Participants open this page in their browser (or scan it):");
        intro.setWrapText(true);
        intro.getStyleClass().add("text-muted");
        ImageView qr = new ImageView();
        qr.setId("room-qr");
        qr.setSmooth(false);
        qr.setFitWidth(QR_SIZE);
        qr.setFitHeight(QR_SIZE);
        qr.setPreserveRatio(true);
        Runnable draw = () -> qr.setImage(model.chosenProperty().get() == null ? null : QrCode.image(model.chosenProperty().get(), 4));
        model.chosenProperty().addListener((o, was, now) -> draw.run());
        draw.run();
        VBox addresses = new VBox(6);
        addresses.setId("room-addresses");
        int n = 0;
        for (String address : model.addresses()) {
            Label text = new Label(address);
            text.getStyleClass().add("address");
            text.setWrapText(true);
            text.setOnMouseClicked(e -> model.chosenProperty().set(address));
            text.setTooltip(new Tooltip("Click to show this one as the QR code"));
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox line = new HBox(6, text, copy("copy-address-" + n++, address));
            line.setAlignment(Pos.CENTER_LEFT);
            addresses.getChildren().add(line);
        }
        Label advice = new Label(model.advice());
        advice.setId("room-way-in-advice");
        advice.setWrapText(true);
        advice.getStyleClass().add("way-in-advice");
        advice.setVisible(!model.advice().isEmpty());
        advice.setManaged(advice.isVisible());
        boolean open = !model.addresses().isEmpty();
        intro.setVisible(open);
        intro.setManaged(open);
        qr.setVisible(open);
        qr.setManaged(open);
        Label projectorHeading = new Label("The projector page (lights, no code):");
        projectorHeading.getStyleClass().add("text-muted");
        projectorHeading.setWrapText(true);
        Label projector = new Label(model.projectorPage());
        projector.getStyleClass().add("address");
        projector.setWrapText(true);
        HBox.setHgrow(projector, Priority.ALWAYS);
        HBox projectorLine = new HBox(6, projector, copy("copy-projector", model.projectorPage()));
        projectorLine.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, heading, intro, qr, addresses, advice, projectorHeading, projectorLine);
        box.setId("room-way-in");
        box.setPadding(new Insets(4, 4, 4, 12));
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.setPrefWidth(QR_SIZE + 60);
        root.setMinWidth(QR_SIZE + 40);
        root.getStyleClass().add("way-in");
    }

    private static Button copy(String id, String text) {
        Button copy = new Button("Copy");
        copy.setId(id);
        copy.getStyleClass().addAll("small", "flat");
        copy.setMinWidth(Button.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy " + text + " to the clipboard"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        });
        return copy;
    }

    Node root() {
        return root;
    }
}
