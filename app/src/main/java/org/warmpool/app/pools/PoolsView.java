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
import javafx.scene.control.ProgressBar;
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
    private final VBox preparationList = new VBox(6);
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
        Button dismiss = new Button("Hide");
        dismiss.setId("preparation-dismiss");
        dismiss.setOnAction(e -> model.dismissPreparation());
        dismiss.visibleProperty().bind(model.preparingProperty().not().and(Bindings.isNotEmpty(model.preparations())));
        dismiss.managedProperty().bind(dismiss.visibleProperty());
        Label preparation = new Label();
        preparation.setId("preparation");
        preparation.textProperty().bind(model.preparationProperty());
        Label message = new Label();
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(model.messageProperty());
        HBox toolbar = new HBox(10, add, prepare, cancel, dismiss, preparation, message);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        preparationList.setId("preparation-list");
        preparationList.setPadding(new Insets(8, 12, 8, 12));
        preparationList.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 8;");
        preparationList.visibleProperty().bind(Bindings.isNotEmpty(model.preparations()));
        preparationList.managedProperty().bind(preparationList.visibleProperty());
        model.preparations().addListener((ListChangeListener<PoolPreparation>) c -> listPreparations());

        Label empty = new Label(PoolsViewModel.NO_POOLS);
        empty.getStyleClass().add("text-muted");
        empty.visibleProperty().bind(Bindings.isEmpty(model.rows()));
        empty.managedProperty().bind(empty.visibleProperty());

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = Palette.styled(new VBox(12, toolbar, preparationList, empty, scroll));
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

    /** A line per pool in the last "Prepare all": its image, a progress bar (ready of target) and its step in words. */
    private void listPreparations() {
        preparationList.getChildren().setAll(model.preparations().stream().map(p -> {
            String id = p.image().replace('/', '-').replace(':', '-');
            Label image = new Label(p.image());
            image.setMinWidth(220);
            ProgressBar bar = new ProgressBar();
            bar.setId("prepare-bar-" + id);
            bar.setPrefWidth(220);
            bar.progressProperty().bind(p.progressProperty());
            Label step = new Label();
            step.setId("prepare-step-" + id);
            step.textProperty().bind(p.textProperty());
            step.styleProperty().bind(Bindings.createStringBinding(() -> p.stepProperty().get() == PoolPreparation.Step.FAILED
                    ? "-fx-text-fill: -color-danger-fg;" : "", p.stepProperty()));
            HBox line = new HBox(12, image, bar, step);
            line.setAlignment(Pos.CENTER_LEFT);
            return line;
        }).toList());
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
