package org.warmpool.app.lifetimes;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.warmpool.app.lifetimes.LifetimesView.AXIS;
import static org.warmpool.app.lifetimes.LifetimesView.COLUMNS;
import static org.warmpool.app.lifetimes.LifetimesView.LABEL_WIDTH;
import static org.warmpool.app.lifetimes.LifetimesView.ROW;
import static org.warmpool.app.lifetimes.LifetimesView.TICK_SPACING;

/**
 * Paints one frame of the timeline on a canvas: the axis, then the given rows — each cut to the
 * window, so what lies outside it costs nothing. Colours come in resolved (the theme's), indexed by
 * phase and outcome ordinal; a {@code null} colour is not drawn (CSS has not reached the view yet).
 */
final class TimelinePainter {
    private static final Font FONT = Font.font("monospace", 11);

    private final GraphicsContext g;
    private final double width;
    private final double height;
    private final TimeWindow window;
    private final long now;
    private final Paint text;
    private final Paint grid;
    private final Paint[] phases;
    private final Paint[] outcomes;

    TimelinePainter(GraphicsContext g, double width, double height, TimeWindow window, long now, Paint text, Paint grid,
                    Paint[] phases, Paint[] outcomes) {
        this.g = g;
        this.width = width;
        this.height = height;
        this.window = window;
        this.now = now;
        this.text = text;
        this.grid = grid;
        this.phases = phases;
        this.outcomes = outcomes;
    }

    private double rowsHeight() {
        return Math.max(0, height - AXIS);
    }

    /** Grid lines and clock times, "now" at the right edge while it is now, the columns' headers under their columns. */
    void axis(ZoneId zone, boolean atNow) {
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setStroke(grid);
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        for (TimeWindow.Tick tick : window.ticks(zone, TICK_SPACING)) {
            g.strokeLine(tick.x(), 0, tick.x(), rowsHeight() + 4);
            g.fillText(tick.label(), Math.max(LABEL_WIDTH + 30, Math.min(width - 30, tick.x())), height - AXIS / 2);
        }
        if (atNow) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText("now", width - 2, height - AXIS / 2 - 9);
        }
        g.setTextAlign(TextAlignment.LEFT);
        double column = 0;
        for (LifetimesView.Column c : COLUMNS) {
            g.fillText(c.header(), column, height - AXIS / 2);
            column += c.width();
        }
    }

    /** Rows {@code first} (at the top) to {@code last} (exclusive) of {@code rows}; returns the segments and dots drawn. */
    int rows(List<ContainerLife> rows, int first, int last) {
        int segments = 0;
        g.setTextAlign(TextAlignment.LEFT);
        double y = 0;
        for (int i = first; i < last; i++) {
            ContainerLife life = rows.get(i);
            g.setFill(text);
            double column = 0;
            for (LifetimesView.Column c : COLUMNS) {
                g.fillText(c.text().apply(life), column, y + ROW / 2);
                column += c.width();
            }
            segments += bar(life, y);
            y += ROW;
        }
        if (rows.isEmpty()) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(text);
            g.fillText("No containers in this window: zoom out, scroll, or follow now.", LABEL_WIDTH + (width - LABEL_WIDTH) / 2,
                    rowsHeight() / 2);
        }
        return segments;
    }

    /** One container's bar: its phases inside the window, then its outcome's dot. Returns the segments drawn. */
    private int bar(ContainerLife life, double y) {
        long created = millis(life.created(), now);
        long ready = millis(life.ready(), -1);
        long claimed = millis(life.claimed(), -1);
        long execStart = millis(life.execStart(), -1);
        long execEnd = millis(life.execEnd(), -1);
        long removed = millis(life.removed(), -1);
        int drawn = 0;
        drawn += segment(created, ready, y, phases[ContainerPhase.STARTING.ordinal()]);
        drawn += segment(ready, claimed, y, phases[ContainerPhase.READY.ordinal()]);
        drawn += segment(claimed, execStart, y, phases[ContainerPhase.CLAIMED.ordinal()]);
        drawn += segment(execStart, execEnd, y, phases[ContainerPhase.RUNNING.ordinal()]);
        if (life.phase() == ContainerPhase.RETIRING || life.phase() == ContainerPhase.GONE) { // not over a live phase
            long retiring = execEnd >= 0 ? execEnd : claimed >= 0 ? claimed : ready;
            drawn += segment(retiring, removed, y, phases[ContainerPhase.RETIRING.ordinal()]);
        }
        Paint outcome = life.outcome() == null ? null : outcomes[life.outcome().ordinal()];
        if (outcome != null) {
            long mark = execEnd >= 0 ? execEnd : removed >= 0 ? removed : now;
            if (mark >= window.startMillis() && mark <= window.endMillis()) {
                double x = window.x(mark);
                g.setFill(outcome);
                g.fillOval(x - 5, y + ROW / 2 - 5, 10, 10);
                drawn++;
            }
        }
        return drawn;
    }

    /** A phase from {@code from} until {@code to} (or now, while in it), cut to the window; 1 if drawn. */
    private int segment(long from, long to, double y, Paint colour) {
        if (from < 0 || colour == null) {
            return 0;
        }
        long until = to < 0 ? now : to;
        if (!window.overlaps(from, until)) {
            return 0;
        }
        double x0 = Math.max(window.left(), window.x(from));
        double x1 = Math.min(width, Math.max(x0 + 1, window.x(until)));
        g.setFill(colour);
        g.fillRect(x0, y + 3, x1 - x0, ROW - 6);
        return 1;
    }

    private static long millis(Instant t, long otherwise) {
        return t == null ? otherwise : t.toEpochMilli();
    }
}
