package org.warmpool.app.throttle;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.warmpool.app.ConsoleView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The Throttling tab: admission now and over the last five minutes, and the limits. Layout and bindings only. */
public final class ThrottleView implements ConsoleView {
    private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private final ThrottleViewModel model;
    private final BorderPane root = new BorderPane();

    public ThrottleView(ThrottleViewModel model) {
        this.model = model;
        root.setId("throttle-view");
        root.getStyleClass().add("throttle-view");
        root.getStylesheets().add(ThrottleView.class.getResource("throttle.css").toExternalForm());
        root.getProperties().put(ThrottleViewModel.class, model);
        root.setPadding(new Insets(16));

        root.setTop(headline());
        VBox left = new VBox(10,
                section("Now"), nowCards(), loadChart(),
                section("Turned away"), rejectionCards(), rejectionChart());
        HBox.setHgrow(left, Priority.ALWAYS);
        VBox.setVgrow(left.getChildren().get(2), Priority.ALWAYS);
        VBox.setVgrow(left.getChildren().get(5), Priority.ALWAYS);
        Node limits = limitsForm();
        HBox body = new HBox(20, left, limits);
        BorderPane.setMargin(body, new Insets(12, 0, 0, 0));
        root.setCenter(body);
    }

    @Override
    public String title() {
        return "Throttling";
    }

    @Override
    public Node root() {
        return root;
    }

    public ThrottleViewModel viewModel() {
        return model;
    }

    private Node headline() {
        Label headline = new Label();
        headline.setId("throttle-headline");
        headline.getStyleClass().add("headline");
        headline.textProperty().bind(model.headlineProperty());
        Label detail = new Label();
        detail.setId("throttle-headline-detail");
        detail.getStyleClass().add("headline-detail");
        detail.setWrapText(true);
        detail.textProperty().bind(model.headlineDetailProperty());
        VBox box = new VBox(2, headline, detail);
        box.getStyleClass().add("mood-banner");
        model.moodProperty().addListener((o, was, now) -> setMood(box, now));
        setMood(box, model.moodProperty().get());
        return box;
    }

    private static void setMood(Node box, ThrottleViewModel.Mood mood) {
        box.getStyleClass().removeAll("mood-calm", "mood-busy", "mood-turning-away");
        box.getStyleClass().add(switch (mood) {
            case CALM -> "mood-calm";
            case BUSY -> "mood-busy";
            case TURNING_AWAY -> "mood-turning-away";
        });
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private Node nowCards() {
        HBox cards = new HBox(12,
                card("throttle-connections", "Connections", "load-connections",
                        Bindings.convert(model.connectionsProperty()), model.connectionsOfProperty(), null),
                card("throttle-in-flight", "In flight", "load-in-flight",
                        Bindings.convert(model.inFlightProperty()), model.inFlightOfProperty(), null),
                card("throttle-queued", "Queued", "load-queued",
                        Bindings.convert(model.queuedProperty()), model.queuedOfProperty(), model.queuedProperty().greaterThan(0)));
        cards.getChildren().forEach(c -> HBox.setHgrow(c, Priority.ALWAYS));
        return cards;
    }

    private Node rejectionCards() {
        HBox cards = new HBox(12);
        for (String reason : ThrottleViewModel.REASONS) {
            var recent = model.rejectedRecentProperty(reason);
            var total = model.rejectedTotalProperty(reason);
            Node card = card("rejections-" + reason, ThrottleViewModel.label(reason), "reason-" + reason.replace('_', '-'),
                    Bindings.convert(total),
                    Bindings.createStringBinding(() -> recent.get() + " in the last 5 min", recent),
                    recent.greaterThan(0));
            Tooltip.install(card, new Tooltip(ThrottleViewModel.label(reason) + ": " + ThrottleViewModel.advice(reason)));
            HBox.setHgrow(card, Priority.ALWAYS);
            cards.getChildren().add(card);
        }
        return cards;
    }

    /** A big number with what it is and what it is out of; {@code active} colours it. */
    private static Node card(String id, String caption, String seriesClass, javafx.beans.value.ObservableStringValue value,
                             javafx.beans.value.ObservableStringValue sub, javafx.beans.value.ObservableBooleanValue active) {
        Label title = new Label(caption);
        title.getStyleClass().add("card-caption");
        Region swatch = new Region();
        swatch.getStyleClass().addAll("swatch", seriesClass);
        HBox head = new HBox(8, swatch, title);
        head.setAlignment(Pos.CENTER_LEFT);
        Label number = new Label();
        number.setId(id);
        number.getStyleClass().add("card-number");
        number.textProperty().bind(value);
        Label under = new Label();
        under.getStyleClass().add("card-sub");
        under.textProperty().bind(sub);
        VBox card = new VBox(2, head, number, under);
        card.getStyleClass().addAll("stat-card", seriesClass);
        card.setMinWidth(120);
        card.setMaxWidth(Double.MAX_VALUE);
        if (active != null) {
            card.getProperties().put(ACTIVE, active); // a binding nobody holds would be collected and go quiet
            card.pseudoClassStateChanged(ACTIVE, active.get());
            active.addListener((o, was, now) -> card.pseudoClassStateChanged(ACTIVE, now));
        }
        return card;
    }

    private Node loadChart() {
        NumberAxis y = countAxis("at once");
        model.peakLoadProperty().addListener((o, was, now) -> scale(y, now.longValue()));
        scale(y, model.peakLoadProperty().get());
        LineChart<Number, Number> chart = new LineChart<>(timeAxis(), y);
        chart.setId("throttle-load-chart");
        chart.getStyleClass().add("load-chart");
        chart.setCreateSymbols(false);
        follow(chart, List.of(
                new Line("Connections", s -> s.connections()),
                new Line("In flight", s -> s.inFlight()),
                new Line("Queued", s -> s.queued())));
        return style(chart);
    }

    private Node rejectionChart() {
        NumberAxis y = countAxis("per 2 s");
        model.peakRejectedPerSampleProperty().addListener((o, was, now) -> scale(y, now.longValue()));
        scale(y, model.peakRejectedPerSampleProperty().get());
        AreaChart<Number, Number> chart = new AreaChart<>(timeAxis(), y);
        chart.setId("throttle-rejections-chart");
        chart.getStyleClass().add("rejections-chart");
        chart.setCreateSymbols(false);
        List<Line> lines = new ArrayList<>();
        for (String reason : ThrottleViewModel.REASONS) {
            lines.add(new Line(ThrottleViewModel.label(reason), s -> s.rejected().getOrDefault(reason, 0L)));
        }
        follow(chart, lines);
        return style(chart);
    }

    private static <C extends XYChart<Number, Number>> C style(C chart) {
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setVerticalZeroLineVisible(false);
        chart.setHorizontalZeroLineVisible(false);
        chart.setMinHeight(150);
        chart.setPrefHeight(200);
        return chart;
    }

    private record Line(String name, ToDoubleFunction<ThrottleViewModel.Sample> value) {
    }

    /** Mirrors the view model's bounded history into the chart's series, point by point. */
    private void follow(XYChart<Number, Number> chart, List<Line> lines) {
        List<XYChart.Series<Number, Number>> series = new ArrayList<>();
        for (Line line : lines) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(line.name());
            series.add(s);
        }
        chart.getData().setAll(series);
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.lowerBoundProperty().bind(model.windowEndProperty().subtract(ThrottleViewModel.WINDOW.toSeconds()));
        x.upperBoundProperty().bind(model.windowEndProperty());
        for (ThrottleViewModel.Sample sample : model.history()) {
            add(series, lines, sample);
        }
        model.history().addListener((ListChangeListener<ThrottleViewModel.Sample>) change -> {
            while (change.next()) {
                if (change.wasRemoved()) {
                    for (XYChart.Series<Number, Number> s : series) {
                        s.getData().remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
                    }
                }
                if (change.wasAdded()) {
                    for (ThrottleViewModel.Sample sample : change.getAddedSubList()) {
                        add(series, lines, sample);
                    }
                }
            }
        });
    }

    private void add(List<XYChart.Series<Number, Number>> series, List<Line> lines, ThrottleViewModel.Sample sample) {
        double x = model.secondsOf(sample.at());
        for (int i = 0; i < lines.size(); i++) {
            series.get(i).getData().add(new XYChart.Data<>(x, lines.get(i).value().applyAsDouble(sample)));
        }
    }

    /** Minutes ago, counted back from the newest sample: "now", "1 min", … "5 min". */
    private NumberAxis timeAxis() {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.setTickUnit(60);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                long ago = Math.round((model.windowEndProperty().get() - value.doubleValue()) / 60.0);
                return ago <= 0 ? "now" : ago + " min ago";
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        return x;
    }

    private static NumberAxis countAxis(String label) {
        NumberAxis y = new NumberAxis();
        y.setLabel(label);
        y.setMinWidth(56); // both charts' plots start at the same x, so their times line up
        y.setPrefWidth(56);
        y.setAutoRanging(false);
        y.setLowerBound(0);
        y.setMinorTickVisible(false);
        y.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return Long.toString(Math.round(value.doubleValue()));
            }

            @Override
            public Number fromString(String text) {
                return Long.parseLong(text);
            }
        });
        return y;
    }

    /** Whole-number ticks up to a round bound just above the peak. */
    private static void scale(NumberAxis y, long peak) {
        long upper = 4;
        while (upper < peak + 1) {
            upper = upper < 20 ? upper + 4 : upper * 2;
        }
        y.setUpperBound(upper);
        y.setTickUnit(upper / 4.0);
    }

    private Node limitsForm() {
        LimitsForm form = model.form();
        Label title = new Label("Limits");
        title.getStyleClass().add("section-title");
        Label intro = new Label("Apply takes effect at once for new submissions, and is saved.");
        intro.getStyleClass().add("form-intro");
        intro.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(2);
        ColumnConstraints names = new ColumnConstraints();
        names.setHgrow(Priority.ALWAYS);
        ColumnConstraints values = new ColumnConstraints(96);
        grid.getColumnConstraints().addAll(names, values);
        int row = 0;
        for (LimitsForm.LimitField field : form.fields()) {
            String id = "limit-" + field.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            Label name = new Label(field.name());
            name.getStyleClass().add("limit-name");
            TextField input = new TextField();
            input.setId(id);
            input.getStyleClass().add("limit-input");
            input.textProperty().bindBidirectional(field.textProperty());
            input.setOnAction(e -> form.apply());
            name.setLabelFor(input);
            field.errorProperty().addListener((o, was, now) -> input.pseudoClassStateChanged(DANGER, !now.isEmpty()));
            Label hint = new Label();
            hint.getStyleClass().add("limit-hint");
            hint.setWrapText(true);
            hint.textProperty().bind(Bindings.when(field.errorProperty().isEmpty())
                    .then(field.hint()).otherwise(field.errorProperty()));
            field.errorProperty().addListener((o, was, now) -> hint.pseudoClassStateChanged(DANGER, !now.isEmpty()));
            grid.add(name, 0, row);
            grid.add(input, 1, row);
            grid.add(hint, 0, row + 1, 2, 1);
            GridPane.setMargin(hint, new Insets(0, 0, 6, 0));
            row += 2;
        }

        Button apply = new Button("Apply");
        apply.setId("limits-apply");
        apply.setDefaultButton(false);
        apply.getStyleClass().add("accent");
        apply.setOnAction(e -> form.apply());
        Button revert = new Button("Revert");
        revert.setId("limits-revert");
        revert.disableProperty().bind(form.dirtyProperty().not());
        revert.setOnAction(e -> form.revert());
        Button defaults = new Button("Defaults");
        defaults.setId("limits-defaults");
        defaults.setTooltip(new Tooltip("Fill in the defaults; Apply to use them"));
        defaults.setOnAction(e -> form.fillDefaults());
        HBox buttons = new HBox(8, apply, revert, defaults);

        Label pending = new Label("Edited — not applied yet");
        pending.getStyleClass().add("limits-pending");
        pending.visibleProperty().bind(form.dirtyProperty().and(form.errorProperty().isEmpty()));
        pending.managedProperty().bind(pending.visibleProperty());
        Label error = new Label();
        error.setId("limits-error");
        error.getStyleClass().add("limits-error");
        error.setWrapText(true);
        error.textProperty().bind(form.errorProperty());
        error.visibleProperty().bind(form.errorProperty().isEmpty().not());
        error.managedProperty().bind(error.visibleProperty());
        Label message = new Label();
        message.setId("limits-message");
        message.getStyleClass().add("limits-message");
        message.textProperty().bind(form.messageProperty());

        VBox box = new VBox(8, title, intro, grid, buttons, pending, error, message);
        box.getStyleClass().add("limits-form");
        box.setPrefWidth(340);
        box.setMinWidth(300);
        box.setMaxWidth(360);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("limits-scroll");
        scroll.setMinWidth(320);
        scroll.setPrefWidth(360);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        return scroll;
    }
}
