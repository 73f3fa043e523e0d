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
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.warmpool.app.ConsoleContext;
import org.warmpool.app.ConsoleView;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.api.ContainerLife;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Lifetimes tab: one bar per container, drawn on a canvas (one redraw per frame, however many
 * containers), segments coloured by phase and the end marked by the run's outcome.
 */
public final class LifetimesView implements ConsoleView {
    static final double ROW = 16;
    static final double LABEL_WIDTH = 110;
    static final Color STARTING = Color.web("#8c959f");
    static final Color WAITING = Color.web("#54aeff");
    static final Color CLAIMED = Color.web("#0969da");
    static final Color RUNNING = Color.web("#1f2328");
    static final Color RETIRING = Color.web("#d0d7de");
    static final Map<String, Color> OUTCOME = Map.of("red", Color.web("#cf222e"), "amber", Color.web("#bf8700"),
            "green", Color.web("#1a7f37"), "timed_out", Color.web("#8250df"), "faulty", Color.web("#57606a"));

    private final LifetimesViewModel model;
    private final Canvas canvas = new Canvas();
    private final Label details = new Label("Hover over a bar to see its container.");
    private final VBox root;

    LifetimesView(LifetimesViewModel model) {
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
        ComboBox<String> outcome = new ComboBox<>();
        outcome.setId("lifetimes-outcome");
        outcome.getItems().addAll(LifetimesViewModel.ALL, "red", "amber", "green", "timed_out", "faulty");
        outcome.setValue(LifetimesViewModel.ALL);
        model.outcomeFilterProperty().bind(outcome.valueProperty());
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("lifetimes-pause");
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        model.pausedProperty().bind(pause.selectedProperty());
        HBox legend = new HBox(12, swatch("starting", STARTING), swatch("ready", WAITING), swatch("claimed", CLAIMED),
                swatch("running", RUNNING), swatch("retiring", RETIRING), swatch("red", OUTCOME.get("red")),
                swatch("amber", OUTCOME.get("amber")), swatch("green", OUTCOME.get("green")),
                swatch("timed out", OUTCOME.get("timed_out")), swatch("faulty", OUTCOME.get("faulty")));
        legend.setAlignment(Pos.CENTER_LEFT);
        HBox toolbar = new HBox(10, new Label("Image"), image, new Label("Outcome"), outcome, pause, legend);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Pane holder = new Pane(canvas);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        canvas.setOnMouseMoved(e -> describe(e.getY()));
        VBox.setVgrow(holder, Priority.ALWAYS);
        details.setId("lifetime-details");
        details.setStyle("-fx-font-family: monospace;");
        root = new VBox(10, toolbar, holder, details);
        root.setPadding(new Insets(16));
        model.shownProperty().addListener((o, a, b) -> draw());
    }

    public static LifetimesView create(ConsoleContext context) {
        return new LifetimesView(LifetimesViewModel.of(context));
    }

    private static Label swatch(String name, Color colour) {
        javafx.scene.shape.Rectangle box = new javafx.scene.shape.Rectangle(12, 12, colour);
        Label label = new Label(name, box);
        label.getStyleClass().add("text-small");
        return label;
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
        g.setFill(Color.web("#57606a"));
        for (int minute = 0; minute <= 5; minute++) {
            double x = LABEL_WIDTH + plot * minute / 5.0;
            g.setStroke(Color.web("#d0d7de"));
            g.strokeLine(x, 0, x, h - 14);
            g.fillText(minute == 5 ? "now" : (5 - minute) + " min ago", Math.min(x, w - 50), h - 6);
        }
        List<ContainerLife> lives = model.shownProperty().get();
        int rows = (int) Math.max(1, (h - 16) / ROW);
        List<ContainerLife> visible = lives.size() > rows ? lives.subList(lives.size() - rows, lives.size()) : lives;
        double y = 0;
        for (ContainerLife life : visible) {
            g.setFill(Color.web("#57606a"));
            g.fillText(DockerJavaRuntime.shortId(life.id()), 0, y + ROW / 2);
            segment(g, life.created(), life.ready(), now, start, plot, y, STARTING);
            segment(g, life.ready(), life.claimed(), now, start, plot, y, WAITING);
            segment(g, life.claimed(), life.execStart(), now, start, plot, y, CLAIMED);
            segment(g, life.execStart(), life.execEnd(), now, start, plot, y, RUNNING);
            Instant end = life.removed();
            segment(g, life.execEnd() != null ? life.execEnd() : life.claimed() != null ? life.claimed() : life.ready(),
                    end, now, start, plot, y, RETIRING);
            Color outcome = OUTCOME.get(life.outcome());
            if (outcome != null) {
                Instant mark = life.execEnd() != null ? life.execEnd() : end != null ? end : now;
                double x = x(mark, start, plot);
                g.setFill(outcome);
                g.fillOval(x - 5, y + ROW / 2 - 5, 10, 10);
            }
            y += ROW;
        }
    }

    private void segment(GraphicsContext g, Instant from, Instant to, Instant now, Instant start, double plot, double y,
                         Color colour) {
        if (from == null) {
            return;
        }
        Instant until = to == null ? now : to;
        if (until.isBefore(start)) {
            return;
        }
        double x0 = x(from.isBefore(start) ? start : from, start, plot);
        double x1 = Math.max(x0 + 1, x(until, start, plot));
        g.setFill(colour);
        g.fillRect(x0, y + 3, x1 - x0, ROW - 6);
    }

    private static double x(Instant t, Instant start, double plot) {
        double fraction = Duration.between(start, t).toMillis() / (double) LifetimesViewModel.WINDOW.toMillis();
        return LABEL_WIDTH + Math.max(0, Math.min(1, fraction)) * plot;
    }

    private void describe(double mouseY) {
        List<ContainerLife> lives = model.shownProperty().get();
        int rows = (int) Math.max(1, (canvas.getHeight() - 16) / ROW);
        List<ContainerLife> visible = lives.size() > rows ? lives.subList(lives.size() - rows, lives.size()) : lives;
        int index = (int) (mouseY / ROW);
        if (index < 0 || index >= visible.size()) {
            return;
        }
        details.setText(describe(visible.get(index)));
    }

    static String describe(ContainerLife l) {
        StringBuilder text = new StringBuilder(DockerJavaRuntime.shortId(l.id()) + "  " + l.image() + "  "
                + (l.warm() ? "warm" : "cold") + "  " + l.phase().name().toLowerCase(java.util.Locale.ROOT));
        if (l.outcome() != null) {
            text.append("  outcome ").append(l.outcome().wireName());
        }
        if (!l.exitReason().isEmpty()) {
            text.append("  — ").append(l.exitReason());
        }
        if (l.ready() != null) {
            text.append("  started in ").append(Duration.between(l.created(), l.ready()).toMillis()).append(" ms");
        }
        if (l.execStart() != null && l.execEnd() != null) {
            text.append(", ran ").append(Duration.between(l.execStart(), l.execEnd()).toMillis()).append(" ms");
        }
        return text.toString();
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
