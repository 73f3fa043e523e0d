package org.warmpool.app.room;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.warmpool.app.Palette;
import org.warmpool.app.replay.DetailViewModel;
import org.warmpool.app.replay.OutputViewer;

/** The run behind a clicked light: at a glance, what there is to read, and the Replay tab's searchable viewer. */
final class RunDetailPane {
    private final HBox root;

    RunDetailPane(RunDetailViewModel model) {
        Rectangle big = new Rectangle(26, 26);
        big.setId("room-detail-light");
        big.setArcWidth(5);
        big.setArcHeight(5);
        big.visibleProperty().bind(model.lightProperty().isNotNull());
        model.lightProperty().addListener((o, was, now) -> {
            if (now != null) {
                big.getStyleClass().setAll("room-light", Palette.styleClass(now.outcome()));
            }
        });
        Label title = new Label();
        title.setId("room-detail-title");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        title.textProperty().bind(model.titleProperty());
        Label message = new Label();
        message.setId("room-detail-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isEmpty().not());
        message.managedProperty().bind(message.visibleProperty());
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        facts.getStyleClass().add("facts");
        model.facts().addListener((ListChangeListener<DetailViewModel.Fact>) c -> {
            facts.getChildren().clear();
            int row = 0;
            for (DetailViewModel.Fact fact : model.facts()) {
                Label name = new Label(fact.name());
                name.getStyleClass().add("fact-name");
                facts.add(name, 0, row);
                facts.add(new Label(fact.value()), 1, row++);
            }
        });
        Button replay = new Button("Send to Replay");
        replay.setId("room-send-to-replay");
        replay.setTooltip(new Tooltip("Add this run to the Replay tab's submissions, with its image, time limit and colour"));
        replay.disableProperty().bind(model.runProperty().isNull());
        replay.setOnAction(e -> model.sendToReplay());
        Label nothing = new Label("Click a light to read its run: the files, stdout and stderr.");
        nothing.getStyleClass().add("placeholder-text");
        nothing.setWrapText(true);
        nothing.visibleProperty().bind(model.lightProperty().isNull());
        nothing.managedProperty().bind(nothing.visibleProperty());
        HBox head = new HBox(10, big, title);
        head.setAlignment(Pos.CENTER_LEFT);
        head.visibleProperty().bind(model.lightProperty().isNotNull());
        head.managedProperty().bind(head.visibleProperty());
        VBox glance = new VBox(8, nothing, head, message, facts, replay);
        ScrollPane scroll = new ScrollPane(glance);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(290);
        scroll.setMinWidth(250);
        scroll.setMaxWidth(330);

        ListView<DetailViewModel.Source> sources = new ListView<>(model.sources());
        sources.setId("room-sources");
        sources.setPrefWidth(200);
        sources.setMinWidth(160);
        sources.setMaxWidth(230);
        sources.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != model.sourceProperty().get()) {
                model.sourceProperty().set(now);
            }
        });
        model.sourceProperty().addListener((o, was, now) -> {
            if (now != null && sources.getSelectionModel().getSelectedItem() != now) {
                sources.getSelectionModel().select(now);
            }
        });
        Node viewer = new OutputViewer(model, "room", "Click a light above to read its run.").root();
        HBox.setHgrow(viewer, Priority.ALWAYS);
        root = new HBox(12, scroll, sources, viewer);
        root.setId("room-detail");
        root.setPadding(new Insets(10, 0, 0, 0));
    }

    Node root() {
        return root;
    }
}
