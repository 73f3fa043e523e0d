package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The results: the summary, and a table with a row per submission sent — its traffic light, name,
 * status, timings and what it says. Selecting a row shows it in the detail pane. Layout and
 * bindings only.
 */
final class ResultsPane {
    private final VBox root;

    ResultsPane(ResultsViewModel results, DetailViewModel detail) {
        Label title = new Label("Results");
        title.getStyleClass().add("section-title");
        Label summary = new Label();
        summary.setId("replay-summary");
        summary.getStyleClass().add("summary");
        summary.textProperty().bind(results.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button clear = new Button("Clear");
        clear.setId("replay-clear-results");
        clear.getStyleClass().addAll("small", "flat");
        clear.disableProperty().bind(Bindings.isEmpty(results.rows()));
        clear.setOnAction(e -> results.clearFinished());
        title.setMinWidth(Region.USE_PREF_SIZE);
        clear.setMinWidth(Region.USE_PREF_SIZE);
        summary.setMinWidth(0);
        HBox head = new HBox(12, title, summary, spacer, clear);
        head.setAlignment(Pos.CENTER_LEFT);

        TableView<ReplayRow> table = table(results);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != detail.selectedProperty().get()) {
                detail.select(now);
            }
        });
        detail.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        root = new VBox(6, head, table);
        root.setMinWidth(400);
    }

    Node root() {
        return root;
    }

    private static TableView<ReplayRow> table(ResultsViewModel results) {
        TableView<ReplayRow> table = new TableView<>(results.rows());
        table.setId("replay-results");
        table.getStyleClass().add("results");
        Label noResults = new Label("Results appear here: one row per run, with its traffic light.");
        noResults.getStyleClass().add("placeholder-text");
        table.setPlaceholder(noResults);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);

        TableColumn<ReplayRow, Number> number = new TableColumn<>("#");
        number.setCellValueFactory(c -> new ReadOnlyIntegerWrapper(c.getValue().number()));
        number.setPrefWidth(44);
        number.setMaxWidth(60);
        number.getStyleClass().add("number-column");

        TableColumn<ReplayRow, ReplayRow.Light> light = new TableColumn<>("Outcome");
        light.setCellValueFactory(c -> c.getValue().lightProperty());
        light.setCellFactory(c -> new LightCell());
        light.setPrefWidth(130);
        light.setMinWidth(120);

        TableColumn<ReplayRow, String> name = new TableColumn<>("Submission");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        name.setPrefWidth(190);

        TableColumn<ReplayRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setPrefWidth(76);
        status.setMinWidth(70);
        status.getStyleClass().add("number-column");

        TableColumn<ReplayRow, String> total = new TableColumn<>("Total");
        total.setCellValueFactory(c -> c.getValue().totalProperty());
        total.setPrefWidth(80);
        total.getStyleClass().add("number-column");

        TableColumn<ReplayRow, String> start = new TableColumn<>("Start");
        start.setCellValueFactory(c -> c.getValue().startProperty());
        start.setPrefWidth(140);

        TableColumn<ReplayRow, String> message = new TableColumn<>("Says");
        message.setCellValueFactory(c -> c.getValue().messageProperty());
        message.setPrefWidth(260);
        message.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });

        table.getColumns().setAll(List.of(number, light, name, status, total, start, message));
        return table;
    }

    /** The traffic light in a results row. */
    private static final class LightCell extends TableCell<ReplayRow, ReplayRow.Light> {
        private final Lamp lamp = new Lamp(8);

        @Override
        protected void updateItem(ReplayRow.Light item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                lamp.show(item);
                setGraphic(lamp);
            }
        }
    }
}
