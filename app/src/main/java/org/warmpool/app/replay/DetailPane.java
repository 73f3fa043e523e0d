package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The selected result: at a glance (its light, name, the engine's note, the facts), what there is
 * to read of it, and the searchable {@link OutputViewer}. Layout and bindings only.
 */
final class DetailPane {
    private static final PseudoClass EMPTY = PseudoClass.getPseudoClass("nothing");

    private final DetailViewModel model;
    private final HBox root;

    DetailPane(DetailViewModel model) {
        this.model = model;
        ScrollPane glance = glance();
        ListView<DetailViewModel.Source> sources = sources();
        Node viewer = new OutputViewer(model).root();
        HBox.setHgrow(viewer, Priority.ALWAYS);
        root = new HBox(12, glance, sources, viewer);
        root.setId("replay-detail");
        root.setPadding(new Insets(10, 0, 0, 0));
    }

    Node root() {
        return root;
    }

    /** The selected run at a glance. */
    private ScrollPane glance() {
        Lamp big = new Lamp(14);
        big.setId("replay-detail-light");
        big.getStyleClass().add("big");
        ChangeListener<ReplayRow.Light> follow = (o, was, now) -> big.show(now);
        model.selectedProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.lightProperty().removeListener(follow);
            }
            if (now != null) {
                now.lightProperty().addListener(follow);
            }
            big.show(now == null ? null : now.light());
        });
        big.visibleProperty().bind(model.selectedProperty().isNotNull());
        big.managedProperty().bind(big.visibleProperty());
        Label title = new Label();
        title.setId("replay-detail-title");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        title.textProperty().bind(model.titleProperty());
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        facts.getStyleClass().add("facts");
        model.facts().addListener((ListChangeListener<DetailViewModel.Fact>) c -> fillFacts(facts));
        Label message = new Label();
        message.setId("replay-detail-message");
        message.getStyleClass().add("detail-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isEmpty().not());
        message.managedProperty().bind(message.visibleProperty());
        Label nothing = new Label("Select a result to read its output.");
        nothing.getStyleClass().add("placeholder-text");
        nothing.visibleProperty().bind(model.selectedProperty().isNull());
        nothing.managedProperty().bind(nothing.visibleProperty());
        VBox glance = new VBox(8, nothing, big, title, message, facts);
        glance.getStyleClass().add("glance");
        ScrollPane scroll = new ScrollPane(glance);
        scroll.setFitToWidth(true);
        // Taller than the pane: scroll rather than squeeze the message to one line.
        glance.minHeightProperty().bind(Bindings.createDoubleBinding(() -> scroll.getViewportBounds().getHeight(),
                scroll.viewportBoundsProperty()));
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("glance-scroll");
        scroll.setPrefWidth(290);
        scroll.setMinWidth(250);
        scroll.setMaxWidth(330);
        return scroll;
    }

    private void fillFacts(GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (DetailViewModel.Fact fact : model.facts()) {
            Label name = new Label(fact.name());
            name.getStyleClass().add("fact-name");
            Label value = new Label(fact.value());
            value.getStyleClass().add("fact-value");
            grid.add(name, 0, row);
            grid.add(value, 1, row);
            row++;
        }
    }

    /** What there is to read. */
    private ListView<DetailViewModel.Source> sources() {
        ListView<DetailViewModel.Source> sources = new ListView<>(model.sources());
        sources.setId("replay-sources");
        sources.getStyleClass().add("sources");
        sources.setPrefWidth(200);
        sources.setMinWidth(160);
        sources.setMaxWidth(230);
        sources.setCellFactory(v -> new SourceCell());
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
        return sources;
    }

    /** What there is to read: its name, and how much of it there is. */
    private static final class SourceCell extends ListCell<DetailViewModel.Source> {
        private final Label name = new Label();
        private final Label size = new Label();
        private final VBox box = new VBox(1, name, size);

        SourceCell() {
            name.getStyleClass().add("source-name");
            size.getStyleClass().add("source-size");
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(DetailViewModel.Source item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            name.setText(item.name());
            size.setText(item.extent());
            name.pseudoClassStateChanged(EMPTY, item.output().content().isEmpty());
            setGraphic(box);
        }
    }
}
