package org.warmpool.app.lifetimes;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.util.StringConverter;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Lifetimes tab: one bar per container, drawn on a canvas, segments coloured by phase and the
 * end marked by the run's outcome, over a window of time that zooms (buttons, slider, ctrl+scroll,
 * pinch) and scrolls (scrollbar, drag, shift+scroll) and follows now until scrolled back. A frame
 * draws only the rows that fit and, in them, only what falls inside the window, so a thousand
 * containers cost what the forty on screen cost. The colours are the {@link Palette}'s, read from
 * the legend's swatches as the theme in force styled them: a theme switch restyles them and redraws.
 */
public final class LifetimesView implements ConsoleView {
    static final double ROW = 16;
    /** The strip under the rows that holds the time axis. */
    static final double AXIS = 22;
    /** Ticks are at least this far apart, so their labels never touch. */
    static final double TICK_SPACING = 90;
    /** One wheel notch with ctrl zooms by this much; a button by {@link #BUTTON_ZOOM}. */
    static final double WHEEL_ZOOM = 1.25;
    static final double BUTTON_ZOOM = 2;

    /** A column of words left of the bars: the container's id now; more (its engine) go here. */
    record Column(String header, double width, Function<ContainerLife, String> text) {
    }

    static final List<Column> COLUMNS = List.of(new Column("container", 110, l -> LifetimesViewModel.shortId(l.id())));
    static final double LABEL_WIDTH = COLUMNS.stream().mapToDouble(Column::width).sum();
    private static final List<ContainerPhase> PHASES_SHOWN = List.of(ContainerPhase.STARTING, ContainerPhase.READY,
            ContainerPhase.CLAIMED, ContainerPhase.RUNNING, ContainerPhase.RETIRING);

    /** What one frame drew: for the benchmark, and for tests that check only what is visible is drawn. */
    record Frame(int rowsInWindow, int firstRow, int rowsDrawn, int segmentsDrawn, long nanos) {
    }

    private final LifetimesViewModel model;
    private final ZoneId zone;
    private final Canvas canvas = new Canvas();
    private final ScrollBar timeBar = new ScrollBar();
    private final ScrollBar rowBar = new ScrollBar();
    private final Slider zoom = new Slider(0, Math.log(LifetimesViewModel.MAX_WINDOW.toMillis()
            / (double) LifetimesViewModel.MIN_WINDOW.toMillis()), 0);
    private final Label count = new Label();
    private final Label details = new Label("Hover over a bar to see its container.");
    private final Map<ContainerPhase, Region> phaseSwatches = new EnumMap<>(ContainerPhase.class);
    private final Map<Outcome, Region> outcomeSwatches = new EnumMap<>(Outcome.class);
    private final Map<Palette.Ink, Region> inks = new EnumMap<>(Palette.Ink.class);
    private final VBox root;
    private boolean drawPending;
    private boolean syncing;
    private boolean newestRows = true;
    private List<ContainerLife> rowsShown = List.of();
    private int firstShown;
    private Frame lastFrame = new Frame(0, 0, 0, 0, 0);
    private double dragX = Double.NaN;
    private Instant dragEnd;

    public LifetimesView(LifetimesViewModel model) {
        this(model, ZoneId.systemDefault());
    }

    /** @param zone the time zone the axis's clock times are in */
    LifetimesView(LifetimesViewModel model, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        HBox filters = new HBox(10, new Label("Image"), imageFilter(), new Label("Outcome"), outcomeFilter(), pauseButton(),
                legend());
        filters.setAlignment(Pos.CENTER_LEFT);

        BorderPane plot = new BorderPane();
        Pane holder = new Pane(canvas);
        canvas.setId("lifetimes-canvas");
        canvas.setFocusTraversable(true);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        holder.setMinSize(0, 0);
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        timeBar.setId("lifetimes-scroll");
        timeBar.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                model.scrollToPosition(b.doubleValue());
            }
        });
        rowBar.setId("lifetimes-rows");
        rowBar.setOrientation(Orientation.VERTICAL);
        rowBar.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                newestRows = b.doubleValue() >= rowBar.getMax() - 0.5;
                redraw();
            }
        });
        plot.setCenter(holder);
        plot.setRight(rowBar);
        plot.setBottom(timeBar);
        VBox.setVgrow(plot, Priority.ALWAYS);
        mouseAndKeys();

        details.setId("lifetime-details");
        details.setStyle("-fx-font-family: monospace;");
        root = Palette.styled(new VBox(10, filters, timeControls(), plot, details));
        root.setPadding(new Insets(16));
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> { // from anywhere in the tab
            if (e.getCode() == KeyCode.END) {
                model.followNow();
                e.consume();
            }
        });
        model.shownProperty().addListener((o, a, b) -> redraw());
        model.endProperty().addListener((o, a, b) -> redraw());
        model.windowProperty().addListener((o, a, b) -> redraw());
        model.nowProperty().addListener((o, a, b) -> redraw());
    }

    private ComboBox<String> imageFilter() {
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
        return image;
    }

    private ComboBox<Outcome> outcomeFilter() {
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
        outcome.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Outcome item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? "" : LifetimesViewModel.outcomeName(item));
            }
        });
        outcome.setValue(null);
        model.outcomeFilterProperty().bind(outcome.valueProperty());
        return outcome;
    }

    private ToggleButton pauseButton() {
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("lifetimes-pause");
        pause.textProperty().bind(Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        model.pausedProperty().bind(pause.selectedProperty());
        return pause;
    }

    private HBox legend() {
        HBox legend = new HBox(12);
        legend.setId("lifetimes-legend");
        for (ContainerPhase phase : PHASES_SHOWN) {
            legend.getChildren().add(swatch(phase.name().toLowerCase(Locale.ROOT), phaseSwatches, phase,
                    Palette.styleClass(phase)));
        }
        for (Outcome o : Outcome.values()) {
            legend.getChildren().add(swatch(LifetimesViewModel.outcomeName(o), outcomeSwatches, o, Palette.styleClass(o)));
        }
        for (Palette.Ink ink : Palette.Ink.values()) {
            Region probe = Palette.swatch(Palette.styleClass(ink));
            probe.setManaged(false); // read, never shown: the canvas's lines and words
            probe.backgroundProperty().addListener(o -> redraw());
            inks.put(ink, probe);
            legend.getChildren().add(probe);
        }
        legend.setAlignment(Pos.CENTER_LEFT);
        return legend;
    }

    /** Window: − slider + "5 min" · Follow now · how many containers · how to zoom and scroll. */
    private HBox timeControls() {
        Button out = new Button("−");
        out.setId("lifetimes-zoom-out");
        out.setTooltip(new Tooltip("Zoom out: a longer window (ctrl+scroll down, or -)"));
        out.setOnAction(e -> model.zoom(BUTTON_ZOOM, 1));
        Button in = new Button("+");
        in.setId("lifetimes-zoom-in");
        in.setTooltip(new Tooltip("Zoom in: a shorter window (ctrl+scroll up, pinch, or +)"));
        in.setOnAction(e -> model.zoom(1 / BUTTON_ZOOM, 1));
        zoom.setId("lifetimes-zoom");
        zoom.setPrefWidth(160);
        zoom.setTooltip(new Tooltip("The window: 1 minute to 1 hour"));
        zoom.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                model.setWindow(Duration.ofMillis(Math.round(LifetimesViewModel.MIN_WINDOW.toMillis() * Math.exp(b.doubleValue()))));
            }
        });
        Label window = new Label();
        window.setId("lifetimes-window");
        window.setMinWidth(70);
        window.textProperty().bind(Bindings.createStringBinding(() -> LifetimesViewModel.windowText(model.windowProperty().get()),
                model.windowProperty()));
        ToggleButton follow = new ToggleButton("Follow now");
        follow.setId("lifetimes-follow");
        follow.setTooltip(new Tooltip("On: the right edge is now and moves with it. Scrolling back turns it off; End returns to now."));
        follow.selectedProperty().bindBidirectional(model.followProperty());
        count.setId("lifetimes-count");
        Label hint = new Label("ctrl+scroll or pinch: zoom · drag or shift+scroll: move in time · End: now");
        hint.getStyleClass().addAll("text-muted", "text-small");
        HBox controls = new HBox(8, new Label("Window"), out, zoom, in, window, follow, count, hint);
        controls.setAlignment(Pos.CENTER_LEFT);
        return controls;
    }

    private void mouseAndKeys() {
        canvas.setOnMouseMoved(e -> describe(e.getY()));
        canvas.setOnMousePressed(e -> {
            canvas.requestFocus();
            if (e.getX() >= LABEL_WIDTH) {
                dragX = e.getX();
                dragEnd = model.endProperty().get();
            }
        });
        canvas.setOnMouseDragged(this::drag);
        canvas.setOnMouseReleased(e -> {
            dragX = Double.NaN;
            canvas.setCursor(Cursor.DEFAULT);
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scroll);
        canvas.addEventHandler(ZoomEvent.ZOOM, e -> {
            model.zoom(1 / e.getZoomFactor(), anchor(e.getX()));
            e.consume();
        });
    }

    private void drag(MouseEvent e) {
        if (Double.isNaN(dragX)) {
            return;
        }
        canvas.setCursor(Cursor.CLOSED_HAND);
        double millisPerPixel = model.windowProperty().get().toMillis() / plotWidth();
        model.scrollTo(dragEnd.minusMillis(Math.round((e.getX() - dragX) * millisPerPixel)));
    }

    private void scroll(ScrollEvent e) {
        if (e.isControlDown() || e.isShortcutDown()) {
            if (e.getDeltaY() != 0) {
                model.zoom(e.getDeltaY() > 0 ? 1 / WHEEL_ZOOM : WHEEL_ZOOM, anchor(e.getX()));
            }
        } else if (e.getDeltaX() != 0 || e.isShiftDown()) {
            double pixels = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            double millisPerPixel = model.windowProperty().get().toMillis() / plotWidth();
            model.scrollBy(Duration.ofMillis(Math.round(-pixels * millisPerPixel)));
        } else {
            double rows = e.getTextDeltaYUnits() == ScrollEvent.VerticalTextScrollUnits.LINES ? e.getTextDeltaY() : e.getDeltaY() / ROW;
            rowBar.setValue(Math.max(0, Math.min(rowBar.getMax(), rowBar.getValue() - rows)));
        }
        e.consume();
    }

    private void key(KeyEvent e) {
        Duration step = model.windowProperty().get().dividedBy(10);
        switch (e.getCode()) {
            case END -> model.followNow();
            case LEFT -> model.scrollBy(step.negated());
            case RIGHT -> model.scrollBy(step);
            case PLUS, EQUALS, ADD -> model.zoom(1 / BUTTON_ZOOM, 1);
            case MINUS, SUBTRACT -> model.zoom(BUTTON_ZOOM, 1);
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Where {@code x} is across the plot: 0 its left edge, 1 its right. */
    private double anchor(double x) {
        return Math.max(0, Math.min(1, (x - LABEL_WIDTH) / plotWidth()));
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - LABEL_WIDTH);
    }

    private <K> Label swatch(String name, Map<K, Region> swatches, K key, String styleClass) {
        Region box = Palette.swatch(styleClass);
        box.backgroundProperty().addListener(o -> redraw()); // a theme switch restyles it
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

    /** Draws once before the next pulse, however many changes asked for it. */
    private void redraw() {
        if (!drawPending) {
            drawPending = true;
            Platform.runLater(this::draw);
        }
    }

    /** Draws a frame now and says what it drew. */
    Frame draw() {
        long began = System.nanoTime();
        drawPending = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        TimeWindow window = model.timeWindow(LABEL_WIDTH, plotWidth());
        double rowsHeight = Math.max(0, h - AXIS);
        int fit = Math.max(1, (int) (rowsHeight / ROW));
        List<ContainerLife> rows = model.inWindow();
        int first = syncScrollBars(rows.size(), fit);
        Paint[] phases = new Paint[ContainerPhase.values().length];
        PHASES_SHOWN.forEach(p -> phases[p.ordinal()] = colour(p));
        Paint[] outcomes = new Paint[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
            outcomes[o.ordinal()] = colour(o);
        }
        Instant now = model.nowProperty().get();
        TimelinePainter painter = new TimelinePainter(g, w, h, window, now.toEpochMilli(), ink(Palette.Ink.TEXT),
                ink(Palette.Ink.GRID), phases, outcomes);
        painter.axis(zone, !model.endProperty().get().isBefore(now));
        int last = Math.min(rows.size(), first + fit);
        int segments = painter.rows(rows, first, last);
        rowsShown = rows;
        firstShown = first;
        count.setText(rows.size() == 1 ? "1 container in the window" : String.format(Locale.ROOT, "%,d containers in the window", rows.size()));
        lastFrame = new Frame(rows.size(), first, last - first, segments, System.nanoTime() - began);
        return lastFrame;
    }

    /** Puts both scrollbars where the model and the rows are; returns the first row to draw. */
    private int syncScrollBars(int rows, int fit) {
        syncing = true;
        try {
            double window = model.windowProperty().get().toMillis();
            zoom.setValue(Math.log(window / LifetimesViewModel.MIN_WINDOW.toMillis()));
            timeBar.setMax(model.scrollMax());
            timeBar.setVisibleAmount(window);
            timeBar.setUnitIncrement(window / 10);
            timeBar.setBlockIncrement(window);
            timeBar.setValue(Math.max(0, Math.min(model.scrollMax(), model.scrollPosition())));
            int most = Math.max(0, rows - fit);
            rowBar.setMax(most);
            rowBar.setVisibleAmount(Math.min(rows, fit));
            rowBar.setBlockIncrement(fit);
            rowBar.setValue(newestRows ? most : Math.min(most, rowBar.getValue()));
            return (int) Math.round(rowBar.getValue());
        } finally {
            syncing = false;
        }
    }

    private void describe(double mouseY) {
        int index = firstShown + (int) (mouseY / ROW);
        if (mouseY >= 0 && index >= firstShown && index < rowsShown.size()) {
            details.setText(LifetimesViewModel.describe(rowsShown.get(index)));
        }
    }

    /** What the last frame drew. */
    Frame lastFrame() {
        return lastFrame;
    }

    @Override
    public String title() {
        return "Lifetimes";
    }

    @Override
    public Node root() {
        root.getProperties().put(LifetimesViewModel.class, model);
        root.getProperties().put(LifetimesView.class, this);
        return root;
    }
}
