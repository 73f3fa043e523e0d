package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The submissions to replay: a list (each with its file count, or what the engine will object to),
 * a drop zone while it is empty, and the notice of what could not be added. Layout and bindings only.
 */
final class SubmissionsPane {
    private static final PseudoClass SUSPECT = PseudoClass.getPseudoClass("suspect");

    private final VBox root;

    SubmissionsPane(SubmissionsViewModel model) {
        Label title = new Label("Submissions");
        title.getStyleClass().add("section-title");
        Label count = new Label();
        count.getStyleClass().add("section-count");
        count.textProperty().bind(Bindings.size(model.items()).asString());
        count.visibleProperty().bind(Bindings.isNotEmpty(model.items()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button clear = new Button("Clear");
        clear.setId("replay-clear-submissions");
        clear.getStyleClass().addAll("small", "flat");
        clear.disableProperty().bind(Bindings.isEmpty(model.items()));
        clear.setOnAction(e -> model.clear());
        HBox head = new HBox(8, title, count, spacer, clear);
        head.setAlignment(Pos.CENTER_LEFT);

        ListView<ReplaySubmission> list = new ListView<>(model.items());
        list.setId("replay-submissions");
        list.getStyleClass().add("submissions");
        list.setCellFactory(v -> new SubmissionCell(model));
        list.visibleProperty().bind(Bindings.isNotEmpty(model.items()));

        Label dropTitle = new Label("Drop .tgz files or folders here");
        dropTitle.getStyleClass().add("drop-title");
        dropTitle.setWrapText(true);
        Label dropHint = new Label("A submission is a gzip'd tar with cyber-dojo.sh, or a folder of sources. "
                + "A folder of .tgz files adds them all; a journal export keeps their images and colours.");
        dropHint.getStyleClass().add("drop-hint");
        dropHint.setWrapText(true);
        VBox drop = new VBox(8, dropTitle, dropHint);
        drop.setId("replay-drop-zone");
        drop.getStyleClass().add("drop-zone");
        drop.setAlignment(Pos.CENTER);
        drop.visibleProperty().bind(Bindings.isEmpty(model.items()));
        StackPane stack = new StackPane(drop, list);
        VBox.setVgrow(stack, Priority.ALWAYS);

        Label notice = new Label();
        notice.setId("replay-notice");
        notice.getStyleClass().add("notice");
        notice.setWrapText(true);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isEmpty().not());
        notice.managedProperty().bind(notice.visibleProperty());

        root = new VBox(6, head, stack, notice);
        root.setPrefWidth(290);
        root.setMinWidth(240);
        root.setMaxWidth(360);
    }

    Node root() {
        return root;
    }

    /** A submission: its name, and its file count or what is wrong with it. */
    private static final class SubmissionCell extends ListCell<ReplaySubmission> {
        private final Label name = new Label();
        private final Label state = new Label();
        private final Button remove = new Button("✕");
        private final HBox box;

        SubmissionCell(SubmissionsViewModel model) {
            name.getStyleClass().add("submission-name");
            state.getStyleClass().add("submission-state");
            state.setWrapText(true);
            remove.getStyleClass().addAll("flat", "small", "remove");
            remove.setTooltip(new Tooltip("Remove from the list"));
            remove.setOnAction(e -> {
                if (getItem() != null) {
                    model.remove(getItem());
                }
            });
            VBox text = new VBox(1, name, state);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            box = new HBox(6, text, remove);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ReplaySubmission item, boolean empty) {
            super.updateItem(item, empty);
            pseudoClassStateChanged(SUSPECT, !empty && item != null && item.suspect());
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            name.setText(item.name());
            state.setText(item.state());
            setGraphic(box);
        }
    }
}
