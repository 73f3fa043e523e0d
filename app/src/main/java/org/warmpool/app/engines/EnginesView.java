package org.warmpool.app.engines;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Engines tab: a card per Docker engine Warmpool places containers on. A card lives as long as
 * its engine is named; the card of an engine that went is unbound from its row. Layout and bindings only.
 */
public final class EnginesView implements ConsoleView {
    /** How several engines come to be, said where an operator with one engine will look. */
    public static final String HOW = "Warmpool spreads each pool over these Docker engines, weighted by cores and memory."
            + " Add one with serve --engine URI (unix://, tcp:// with TLS, context:NAME) or \"engines\" in the settings.";

    private final EnginesViewModel model;
    private final FlowPane cards = new FlowPane(12, 12);
    private final Map<EngineRow, EngineCard> shown = new HashMap<>();
    private final VBox root;

    public EnginesView(EnginesViewModel model) {
        this.model = model;
        Label title = new Label("Docker engines");
        title.getStyleClass().add("title-3");
        Label summary = new Label();
        summary.setId("engines-summary");
        summary.textProperty().bind(model.summaryProperty());
        HBox header = new HBox(12, title, summary);
        header.setAlignment(Pos.BASELINE_LEFT);
        Label how = new Label(HOW);
        how.setId("engines-how");
        how.setWrapText(true);
        how.getStyleClass().add("text-muted");
        how.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps instead of ending in "…"

        Label empty = new Label(EnginesViewModel.NO_ENGINES);
        empty.getStyleClass().add("text-muted");
        empty.visibleProperty().bind(Bindings.isEmpty(model.rows()));
        empty.managedProperty().bind(empty.visibleProperty());

        cards.setId("engine-cards");
        cards.setAlignment(Pos.TOP_LEFT);
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = Palette.styled(new VBox(12, header, how, empty, scroll));
        root.setId("engines-view");
        root.setPadding(new Insets(16));
        root.getProperties().put(EnginesViewModel.class, model);
        model.rows().addListener((ListChangeListener<EngineRow>) c -> rebuild());
        rebuild();
    }

    /** The card shown for {@code row}; {@code null} when none is. */
    EngineCard card(EngineRow row) {
        return shown.get(row);
    }

    private void rebuild() {
        List<EngineRow> rows = List.copyOf(model.rows());
        shown.entrySet().removeIf(e -> {
            if (rows.contains(e.getKey())) {
                return false;
            }
            e.getValue().unbind();
            return true;
        });
        cards.getChildren().setAll(rows.stream().map(r -> shown.computeIfAbsent(r, EngineCard::new).node()).toList());
    }

    @Override
    public String title() {
        return "Engines";
    }

    @Override
    public Node root() {
        return root;
    }
}
