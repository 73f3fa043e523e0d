package org.warmpool.app.lifetimes;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.util.StringConverter;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Lifetimes tab: one bar per container, drawn on a canvas (one redraw per frame, however many
 * containers), segments coloured by phase and the end marked by the run's outcome. The colours are
 * the {@link Palette}'s, read from the legend's swatches as the theme in force styled them: switching
 * the theme restyles the swatches, which redraws the canvas.
 */
public final class LifetimesView implements ConsoleView {
    static final double ROW = 16;
    static final double LABEL_WIDTH = 110;
    private static final List<ContainerPhase> PHASES_SHOWN = List.of(ContainerPhase.STARTING, ContainerPhase.READY,
            ContainerPhase.CLAIMED, ContainerPhase.RUNNING, ContainerPhase.RETIRING);

    private final LifetimesViewModel model;
    private final Canvas canvas = new Canvas();
    private final Label details = new Label("Hover over a bar to see its container.");
    private final Map<ContainerPhase, Region> phaseSwatches = new EnumMap<>(ContainerPhase.class);
    private final Map<Outcome, Region> outcomeSwatches = new EnumMap<>(Outcome.class);
    private final Map<Palette.Ink, Region> inks = new EnumMap<>(Palette.Ink.class);
    private final VBox root;

    public LifetimesView(LifetimesViewModel model) {
        this.model = model;
        ComboBox<String> image = new ComboBox<>();
        image.setId("lifetimes-image");
        image.getItems().add(LifetimesViewModel.ALL);
        image.setValue(LifetimesViewModel.ALL);
        image.setOnShowing(e -> {
            String chosen = image.getValue();
            image.getItems().setAll(LifetimesViewModel.ALL);
            image.getItems().addAll(model.images());
            image.setValue(chosen);
        });
        model.imageFilterProperty().bind(image.valueProperty());
        ComboBox<Outcome> outcome = new ComboBox<>();
        outcome.setId("lifetimes-outcome");
        outcome.getItems().addAll(LifetimesViewModel.OUTCOME_CHOICES);
        outcome.setConverter(new StringConverter<>() {
            @Override
            public String toString(Outcome o) {
                return LifetimesViewModel.outcomeName(o);
            }

            @Override
            public Outcome fromString(String text) {
                return LifetimesViewModel.OUTCOME_CHOICES.stream().filter(o -> toString(o).equals(text)).findFirst().orElse(null);
            }
        });
        outcome.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Outcome item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? "" : LifetimesViewModel.outcomeName(item));
            }
        });
        outcome.setValue(null);
        model.outcomeFilterProperty().bind(outcome.valueProperty());
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("lifetimes-pause");
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        model.pausedProperty().bind(pause.selectedProperty());
        HBox legend = new HBox(12);
        legend.setId("lifetimes-legend");
        for (ContainerPhase phase : PHASES_SHOWN) {
            legend.getChildren().add(swatch(phase.name().toLowerCase(java.util.Locale.ROOT), phaseSwatches, phase,
                    Palette.styleClass(phase)));
        }
        for (Outcome o : Outcome.values()) {
            legend.getChildren().add(swatch(LifetimesViewModel.outcomeName(o), outcomeSwatches, o, Palette.styleClass(o)));
        }
        for (Palette.Ink ink : Palette.Ink.values()) {
            Region probe = Palette.swatch(Palette.styleClass(ink));
            probe.setManaged(false); // read, never shown: the canvas's lines and words
            probe.backgroundProperty().addListener(o -> draw());
            inks.put(ink, probe);
            legend.getChildren().add(probe);
        }
        legend.setAlignment(Pos.CENTER_LEFT);
        HBox toolbar = new HBox(10, new Label("Image"), image, new Label("Outcome"), outcome, pause, legend);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Pane holder = new Pane(canvas);
        canvas.setId("lifetimes-canvas");
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        canvas.setOnMouseMoved(e -> describe(e.getY()));
        VBox.setVgrow(holder, Priority.ALWAYS);
        details.setId("lifetime-details");
        details.setStyle("-fx-font-family: monospace;");
        root = Palette.styled(new VBox(10, toolbar, holder, details));
        root.setPadding(new Insets(16));
        model.shownProperty().addListener((o, a, b) -> draw());
    }

    private <K> Label swatch(String name, Map<K, Region> swatches, K key, String styleClass) {
        Region box = Palette.swatch(styleClass);
        box.backgroundProperty().addListener(o -> draw()); // a theme switch restyles it
        swatches.put(key, box);
        Label label = new Label(name, box);
        label.getStyleClass().add("text-small");
        return label;
    }

    /** The colour the canvas draws {@code outcome} in, as the theme in force has it; {@code null} before CSS reached the view. */
    Paint colour(Outcome outcome) {
        return Palette.paintOf(outcomeSwatches.get(outcome));
    }

    Paint colour(ContainerPhase phase) {
        return Palette.paintOf(phaseSwatches.get(phase));
    }

    private Paint ink(Palette.Ink ink) {
        Paint paint = Palette.paintOf(inks.get(ink));
        return paint == null ? Color.GRAY : paint;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Instant now = model.nowProperty().get();
        Instant start = now.minus(LifetimesViewModel.WINDOW);
        double plot = Math.max(1, w - LABEL_WIDTH);
        g.setFont(Font.font("monospace", 11));
        g.setTextBaseline(VPos.CENTER);
        Paint text = ink(Palette.Ink.TEXT);
        List<String> times = LifetimesViewModel.timeLabels();
        g.setStroke(ink(Palette.Ink.GRID));
        g.setFill(text);
        for (int i = 0; i < times.size(); i++) {
            double x = LABEL_WIDTH + plot * i / (times.size() - 1.0);
            g.strokeLine(x, 0, x, h - 14);
            g.fillText(times.get(i), Math.min(x, w - 50), h - 6);
        }
        List<ContainerLife> visible = visible(model.shownProperty().get(), h);
        double y = 0;
        for (ContainerLife life : visible) {
            g.setFill(text);
            g.fillText(LifetimesViewModel.shortId(life.id()), 0, y + ROW / 2);
            segment(g, life.created(), life.ready(), now, start, plot, y, ContainerPhase.STARTING);
            segment(g, life.ready(), life.claimed(), now, start, plot, y, ContainerPhase.READY);
            segment(g, life.claimed(), life.execStart(), now, start, plot, y, ContainerPhase.CLAIMED);
            segment(g, life.execStart(), life.execEnd(), now, start, plot, y, ContainerPhase.RUNNING);
            Instant end = life.removed();
            segment(g, life.execEnd() != null ? life.execEnd() : life.claimed() != null ? life.claimed() : life.ready(),
                    end, now, start, plot, y, ContainerPhase.RETIRING);
            Paint outcome = life.outcome() == null ? null : colour(life.outcome());
            if (outcome != null) {
                Instant mark = life.execEnd() != null ? life.execEnd() : end != null ? end : now;
                double x = x(mark, start, plot);
                g.setFill(outcome);
                g.fillOval(x - 5, y + ROW / 2 - 5, 10, 10);
            }
            y += ROW;
        }
    }

    /** The newest lives that fit the canvas's height. */
    private static List<ContainerLife> visible(List<ContainerLife> lives, double height) {
        int rows = (int) Math.max(1, (height - 16) / ROW);
        return lives.size() > rows ? lives.subList(lives.size() - rows, lives.size()) : lives;
    }

    private void segment(GraphicsContext g, Instant from, Instant to, Instant now, Instant start, double plot, double y,
                         ContainerPhase phase) {
        if (from == null) {
            return;
        }
        Instant until = to == null ? now : to;
        if (until.isBefore(start)) {
            return;
        }
        double x0 = x(from.isBefore(start) ? start : from, start, plot);
        double x1 = Math.max(x0 + 1, x(until, start, plot));
        Paint colour = colour(phase);
        if (colour != null) {
            g.setFill(colour);
            g.fillRect(x0, y + 3, x1 - x0, ROW - 6);
        }
    }

    private static double x(Instant t, Instant start, double plot) {
        double fraction = Duration.between(start, t).toMillis() / (double) LifetimesViewModel.WINDOW.toMillis();
        return LABEL_WIDTH + Math.max(0, Math.min(1, fraction)) * plot;
    }

    private void describe(double mouseY) {
        List<ContainerLife> visible = visible(model.shownProperty().get(), canvas.getHeight());
        int index = (int) (mouseY / ROW);
        if (index >= 0 && index < visible.size()) {
            details.setText(LifetimesViewModel.describe(visible.get(index)));
        }
    }

    @Override
    public String title() {
        return "Lifetimes";
    }

    @Override
    public Node root() {
        root.getProperties().put(LifetimesViewModel.class, model);
        return root;
    }
}
