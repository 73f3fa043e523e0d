package org.warmpool.app.pools;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.warmpool.app.CardBindings;
import org.warmpool.app.Palette;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;

import java.util.List;

/**
 * One pool's card: its counts, outcomes, latency, a live chart and its target. Bound to its
 * {@link PoolRow} until {@link #unbind()}, which the Pools view calls when the card goes, so that a
 * row never keeps a card that is no longer shown (nor redraws its chart).
 */
final class PoolCard {
    private final PoolRow row;
    private final VBox node;
    private final AreaChart<Number, Number> chart;
    private final CardBindings bindings = new CardBindings();
    private int redraws;

    PoolCard(PoolRow row, PoolsViewModel model) {
        this.row = row;
        String id = row.image().replace('/', '-').replace(':', '-');
        Label image = new Label(row.image());
        image.getStyleClass().add("title-4");
        Label state = bindings.bound(new Label(), row.stateProperty());
        state.setStyle("-fx-padding: 2 8; -fx-background-radius: 8; -fx-background-color: -color-neutral-muted;");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Spinner<Integer> target = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, PoolSettings.MAX_TARGET,
                row.targetProperty().get()));
        target.setId("target-" + id);
        target.setEditable(true);
        target.setPrefWidth(90);
        target.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != row.targetProperty().get()) {
                model.setTarget(row.image(), now);
            }
        });
        // The engine's target, however it changed (here, a first start, another console's settings).
        ChangeListener<Number> followTarget = (obs, old, now) -> target.getValueFactory().setValue(now.intValue());
        row.targetProperty().addListener(followTarget);
        bindings.add(() -> row.targetProperty().removeListener(followTarget));
        Button remove = new Button("Remove");
        remove.getStyleClass().add("danger");
        remove.setOnAction(e -> model.removePool(row.image()));
        Label mode = bindings.bound(new Label(), row.modeProperty());
        mode.setId("mode-" + id);
        mode.setStyle("-fx-padding: 2 8; -fx-background-radius: 8; -fx-background-color: -color-accent-subtle;");
        HBox title = new HBox(10, image, state, mode, spacer, new Label("Target"), target, remove);
        title.setAlignment(Pos.CENTER_LEFT);

        Label counts = bindings.bound(new Label(), row.countsProperty());
        counts.setId("counts-" + id);
        counts.getStyleClass().add("title-4");
        HBox numbers = new HBox(24, counts, bindings.bound(new Label(), row.startsProperty()), bindings.bound(new Label(), row.latencyProperty()));
        numbers.setAlignment(Pos.CENTER_LEFT);

        HBox chips = new HBox(14);
        chips.setAlignment(Pos.CENTER_LEFT);
        for (Outcome outcome : Outcome.values()) {
            Circle dot = new Circle(6);
            dot.getStyleClass().add(Palette.styleClass(outcome));
            Label chip = bindings.bound(new Label(), row.outcomeProperty(outcome));
            chip.setGraphic(dot);
            chips.getChildren().add(chip);
        }

        Label shares = bindings.bound(new Label(), row.sharesProperty());
        shares.setId("shares-" + id);
        javafx.scene.control.Tooltip sharesDetail = new javafx.scene.control.Tooltip();
        sharesDetail.textProperty().bind(row.sharesDetailProperty());
        bindings.add(sharesDetail.textProperty()::unbind);
        shares.setTooltip(sharesDetail);
        CardBindings.visibleWhenNotEmpty(shares);

        Label preparation = bindings.bound(new Label(), row.preparationProperty());
        preparation.setId("preparation-" + id);
        preparation.getStyleClass().add("text-muted");
        CardBindings.visibleWhenNotEmpty(preparation);
        Label answer = bindings.bound(new Label(), row.answerProperty());
        answer.getStyleClass().add("text-muted");
        Label problem = bindings.bound(new Label(), row.problemProperty());
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: -color-danger-fg;");
        CardBindings.visibleWhenNotEmpty(problem);

        Label reason = bindings.bound(new Label(), row.reasonProperty());
        reason.setId("reason-" + id);
        reason.setWrapText(true);
        reason.getStyleClass().add("text-muted");
        CardBindings.visibleWhenNotEmpty(reason);

        HBox sizing = sizing(id, model);

        chart = chart();
        chart.setId("chart-" + id);
        node = new VBox(8, title, reason, numbers, shares, chips, sizing, chart, preparation, answer, problem);
        node.setPadding(new Insets(12, 16, 12, 16));
        node.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 8;");
    }

    VBox node() {
        return node;
    }

    PoolRow row() {
        return row;
    }

    /** How many times the chart was drawn from the row's history (for tests: once per change while shown). */
    int redraws() {
        return redraws;
    }

    AreaChart<Number, Number> chartNode() {
        return chart;
    }

    /** Lets go of the row: no binding or listener of this card stays on it. */
    void unbind() {
        bindings.release();
    }

    /**
     * The advice and Apply, then the switch between fixed and auto: a range to type and "Make auto"
     * for a pool of fixed size, "Make fixed" (at its target now) for a reactive one.
     */
    private HBox sizing(String id, PoolsViewModel model) {
        Label advice = bindings.bound(new Label(), row.adviceProperty());
        advice.setId("advice-" + id);
        advice.setWrapText(true);
        advice.setMaxWidth(560);
        Tooltip adviceTip = new Tooltip();
        adviceTip.setWrapText(true);
        adviceTip.setMaxWidth(480);
        bindTooltip(adviceTip, row.adviceProperty());
        advice.setTooltip(adviceTip);
        Button apply = new Button("Apply");
        apply.setId("apply-advice-" + id);
        apply.disableProperty().bind(row.applyDisabledProperty());
        bindings.add(apply.disableProperty()::unbind);
        Tooltip applyTip = new Tooltip();
        applyTip.setWrapText(true);
        applyTip.setMaxWidth(420);
        bindTooltip(applyTip, row.applyMeaningProperty());
        apply.setTooltip(applyTip);
        apply.setOnAction(e -> model.applyAdvice(row.image()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        TextField rangeField = new TextField(suggestedRange(row.targetProperty().get()));
        rangeField.setId("range-" + id);
        rangeField.setPromptText("1..6");
        rangeField.setPrefColumnCount(5);
        rangeField.setTooltip(new Tooltip("MIN..MAX: the target grows by one on each cold start or wait, up to MAX,"
                + " and goes back to MIN after the pool's idle time without a run"));
        Button makeAuto = new Button("Make auto");
        makeAuto.setId("make-auto-" + id);
        makeAuto.setOnAction(e -> model.makeAuto(row.image(), rangeField.getText()));
        rangeField.setOnAction(e -> model.makeAuto(row.image(), rangeField.getText()));
        Button makeFixed = new Button("Make fixed");
        makeFixed.setId("make-fixed-" + id);
        makeFixed.setTooltip(new Tooltip("Keeps the target it has now, and stops it moving by itself"));
        makeFixed.setOnAction(e -> model.makeFixed(row.image()));
        for (javafx.scene.Node fixedOnly : List.of(rangeField, makeAuto)) {
            fixedOnly.visibleProperty().bind(row.autoProperty().not());
            fixedOnly.managedProperty().bind(fixedOnly.visibleProperty());
            bindings.add(fixedOnly.visibleProperty()::unbind);
        }
        makeFixed.visibleProperty().bind(row.autoProperty());
        makeFixed.managedProperty().bind(makeFixed.visibleProperty());
        bindings.add(makeFixed.visibleProperty()::unbind);
        HBox box = new HBox(10, advice, apply, spacer, rangeField, makeAuto, makeFixed);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** A range to offer a pool of fixed size: from its target, room for five more. */
    static String suggestedRange(int target) {
        int min = Math.min(target, PoolSettings.MAX_TARGET - 1);
        return min + ".." + Math.min(PoolSettings.MAX_TARGET, min + 5);
    }

    private void bindTooltip(Tooltip tooltip, ObservableValue<String> text) {
        tooltip.textProperty().bind(text);
        bindings.add(tooltip.textProperty()::unbind);
    }

    /** Ready vs running over the last five minutes. */
    private AreaChart<Number, Number> chart() {
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
        AreaChart<Number, Number> area = new AreaChart<>(x, y);
        area.setCreateSymbols(false);
        area.setAnimated(false);
        area.setPrefHeight(140);
        area.setMinHeight(120);
        area.setLegendVisible(true);
        XYChart.Series<Number, Number> ready = new XYChart.Series<>();
        ready.setName("ready");
        XYChart.Series<Number, Number> running = new XYChart.Series<>();
        running.setName("running");
        area.getData().setAll(List.of(ready, running));
        Runnable redraw = () -> {
            redraws++;
            List<PoolRow.Sample> samples = row.history();
            long now = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).epochSecond();
            ready.getData().setAll(samples.stream().map(s -> new XYChart.Data<Number, Number>(s.epochSecond() - now, s.ready())).toList());
            running.getData().setAll(samples.stream().map(s -> new XYChart.Data<Number, Number>(s.epochSecond() - now, s.running())).toList());
        };
        ListChangeListener<PoolRow.Sample> onChange = c -> redraw.run();
        row.history().addListener(onChange);
        bindings.add(() -> row.history().removeListener(onChange));
        redraw.run();
        return area;
    }
}
