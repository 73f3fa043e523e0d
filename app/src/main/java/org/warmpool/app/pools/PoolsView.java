package org.warmpool.app.pools;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pools tab: a card per image with its counts, outcomes, latency, a live chart and its target.
 * A card lives as long as its pool: when the pools change, the cards of pools still there are kept,
 * and the card of a pool that went is unbound from its row.
 */
public final class PoolsView implements ConsoleView {
    private final PoolsViewModel model;
    private final VBox cards = new VBox(12);
    private final Map<PoolRow, PoolCard> shown = new HashMap<>();
    private final VBox root;

    public PoolsView(PoolsViewModel model) {
        this.model = model;
        Button add = new Button("Add pool…");
        add.setId("add-pool");
        add.setOnAction(e -> choosePool());
        Button prepare = new Button("Prepare all");
        prepare.setId("prepare-all");
        prepare.getStyleClass().add("accent");
        prepare.setOnAction(e -> model.prepareAll());
        prepare.disableProperty().bind(model.preparingProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("prepare-cancel");
        cancel.setOnAction(e -> model.cancelPreparation());
        cancel.visibleProperty().bind(model.preparingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        Label preparation = new Label();
        preparation.setId("preparation");
        preparation.textProperty().bind(model.preparationProperty());
        Label message = new Label();
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(model.messageProperty());
        HBox toolbar = new HBox(10, add, prepare, cancel, preparation, message);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label empty = new Label(PoolsViewModel.NO_POOLS);
        empty.getStyleClass().add("text-muted");
        empty.visibleProperty().bind(Bindings.isEmpty(model.rows()));
        empty.managedProperty().bind(empty.visibleProperty());

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = Palette.styled(new VBox(12, toolbar, empty, scroll));
        root.setPadding(new Insets(16));
        root.getProperties().put(PoolsViewModel.class, model);
        model.rows().addListener((ListChangeListener<PoolRow>) c -> rebuild());
        rebuild();
    }

    PoolsViewModel model() {
        return model;
    }

    /** The card shown for {@code row}; {@code null} when none is. */
    PoolCard card(PoolRow row) {
        return shown.get(row);
    }

    /** One card per row, in the rows' order: kept for rows still there, new for new rows, unbound for rows gone. */
    private void rebuild() {
        List<PoolRow> rows = List.copyOf(model.rows());
        shown.entrySet().removeIf(e -> {
            if (rows.contains(e.getKey())) {
                return false;
            }
            e.getValue().unbind();
            return true;
        });
        cards.getChildren().setAll(rows.stream().map(r -> shown.computeIfAbsent(r, row -> new PoolCard(row, model)).node()).toList());
    }

    private void choosePool() {
        model.imagesWithoutPool().thenAcceptAsync(images -> {
            if (images.isEmpty()) {
                return;
            }
            ChoiceDialog<String> dialog = new ChoiceDialog<>(images.get(0), images);
            dialog.setTitle("Add pool");
            dialog.setHeaderText("Keep warm containers ready for an image Docker has");
            dialog.setContentText("Image:");
            dialog.showAndWait().ifPresent(image -> model.addPool(image, 1));
        }, Platform::runLater);
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
