package org.warmpool.app.pools;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.paint.Color;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;
import org.warmpool.engine.api.PoolSettings;

import java.util.List;

/** The Pools tab: a card per image with its counts, outcomes, latency, a live chart and its target. */
public final class PoolsView implements ConsoleView {
    static final List<String[]> OUTCOMES = List.of(
            new String[]{"red", "#cf222e"}, new String[]{"amber", "#bf8700"}, new String[]{"green", "#1a7f37"},
            new String[]{"timed_out", "#8250df"}, new String[]{"faulty", "#57606a"});

    private final PoolsViewModel model;
    private final VBox cards = new VBox(12);
    private final VBox root;

    PoolsView(PoolsViewModel model) {
        this.model = model;
        Button add = new Button("Add pool…");
        add.setId("add-pool");
        add.setOnAction(e -> choosePool());
        Button prepare = new Button("Prepare all");
        prepare.setId("prepare-all");
        prepare.getStyleClass().add("accent");
        prepare.setOnAction(e -> model.prepareAll());
        Label preparation = new Label();
        preparation.setId("preparation");
        preparation.textProperty().bind(model.preparationProperty());
        Label message = new Label();
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(model.messageProperty());
        HBox toolbar = new HBox(10, add, prepare, preparation, message);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label empty = new Label("No pools yet. Add one for an image Docker has (Add pool…), or start with --pool IMAGE=N.");
        empty.getStyleClass().add("text-muted");
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.rows()));
        empty.managedProperty().bind(empty.visibleProperty());

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = new VBox(12, toolbar, empty, scroll);
        root.setPadding(new Insets(16));
        model.rows().addListener((ListChangeListener<PoolRow>) c -> rebuild());
        rebuild();
    }

    public static PoolsView create(ConsoleContext context) {
        return new PoolsView(PoolsViewModel.of(context));
    }

    PoolsViewModel model() {
        return model;
    }

    private void rebuild() {
        cards.getChildren().setAll(model.rows().stream().map(this::card).toList());
    }

    private Node card(PoolRow row) {
        Label image = new Label(row.image());
        image.getStyleClass().add("title-4");
        Label state = new Label();
        state.textProperty().bind(row.stateProperty());
        state.setStyle("-fx-padding: 2 8; -fx-background-radius: 8; -fx-background-color: -color-neutral-muted;");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Spinner<Integer> target = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, PoolSettings.MAX_TARGET,
                row.targetProperty().get()));
        target.setId("target-" + row.image().replace('/', '-').replace(':', '-'));
        target.setEditable(true);
        target.setPrefWidth(90);
        target.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != row.targetProperty().get()) {
                model.setTarget(row.image(), now);
            }
        });
        Button remove = new Button("Remove");
        remove.getStyleClass().add("danger");
        remove.setOnAction(e -> model.removePool(row.image()));
        HBox title = new HBox(10, image, state, spacer, new Label("Target"), target, remove);
        title.setAlignment(Pos.CENTER_LEFT);

        Label counts = new Label();
        counts.setId("counts-" + row.image().replace('/', '-').replace(':', '-'));
        counts.textProperty().bind(row.countsProperty());
        counts.getStyleClass().add("title-4");
        Label starts = new Label();
        starts.textProperty().bind(row.startsProperty());
        Label latency = new Label();
        latency.textProperty().bind(row.latencyProperty());
        HBox numbers = new HBox(24, counts, starts, latency);
        numbers.setAlignment(Pos.CENTER_LEFT);

        HBox chips = new HBox(14);
        chips.setAlignment(Pos.CENTER_LEFT);
        for (String[] outcome : OUTCOMES) {
            Label chip = new Label();
            chip.setGraphic(new Circle(6, Color.web(outcome[1])));
            Runnable refresh = () -> chip.setText(outcome[0].replace('_', ' ') + " " + row.outcome(outcome[0]));
            row.outcomesProperty().addListener((o, a, b) -> refresh.run());
            refresh.run();
            chips.getChildren().add(chip);
        }

        Label answer = new Label();
        answer.getStyleClass().add("text-muted");
        answer.textProperty().bind(row.answerProperty());
        Label problem = new Label();
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: -color-danger-fg;");
        problem.textProperty().bind(row.problemProperty());
        problem.visibleProperty().bind(row.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        VBox card = new VBox(8, title, numbers, chips, chart(row), answer, problem);
        card.setPadding(new Insets(12, 16, 12, 16));
        card.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 8;");
        return card;
    }

    /** Ready vs running over the last five minutes. */
    private static Node chart(PoolRow row) {
        NumberAxis x = new NumberAxis(-PoolRow.HISTORY, 0, 60);
        x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n.intValue() == 0 ? "now" : (-n.intValue() / 60) + " min ago";
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        NumberAxis y = new NumberAxis();
        y.setMinorTickVisible(false);
        y.setTickUnit(1);
        AreaChart<Number, Number> chart = new AreaChart<>(x, y);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setPrefHeight(140);
        chart.setMinHeight(120);
        chart.setLegendVisible(true);
        XYChart.Series<Number, Number> ready = new XYChart.Series<>();
        ready.setName("ready");
        XYChart.Series<Number, Number> running = new XYChart.Series<>();
        running.setName("running");
        chart.getData().setAll(List.of(ready, running));
        Runnable redraw = () -> {
            List<PoolRow.Sample> samples = row.history();
            long now = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).epochSecond();
            ready.getData().setAll(samples.stream().map(s -> new XYChart.Data<Number, Number>(s.epochSecond() - now, s.ready())).toList());
            running.getData().setAll(samples.stream().map(s -> new XYChart.Data<Number, Number>(s.epochSecond() - now, s.running())).toList());
        };
        row.history().addListener((ListChangeListener<PoolRow.Sample>) c -> redraw.run());
        redraw.run();
        return chart;
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
        }, javafx.application.Platform::runLater);
    }

    @Override
    public String title() {
        return "Pools";
    }

    @Override
    public Node root() {
        root.getProperties().put(PoolsViewModel.class, model);
        return root;
    }
}
