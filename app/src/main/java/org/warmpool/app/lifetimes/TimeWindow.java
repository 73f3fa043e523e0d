package org.warmpool.app.lifetimes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The stretch of time the timeline shows, laid across pixels: {@code [startMillis, endMillis]}
 * from {@code left} over {@code width}. Pure arithmetic, so the canvas, the mouse and the tests
 * agree on where a moment is drawn and which moment is under a pixel.
 */
public record TimeWindow(long startMillis, long endMillis, double left, double width) {
    /** Tick spacings, finest first: the axis takes the finest whose labels do not crowd each other. */
    static final long[] TICK_STEPS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
            900_000, 1_800_000, 3_600_000};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    public TimeWindow {
        if (endMillis <= startMillis) {
            throw new IllegalArgumentException("a time window ends after it starts: " + startMillis + " .. " + endMillis);
        }
    }

    /** A moment on the axis. */
    public record Tick(long millis, double x, String label) {
    }

    public long millis() {
        return endMillis - startMillis;
    }

    /** Where {@code millis} is drawn (left of {@code left} or right of the plot when outside the window). */
    public double x(long millis) {
        return left + (millis - startMillis) * width / millis();
    }

    /** The moment under pixel {@code x}. */
    public long millisAt(double x) {
        return startMillis + Math.round((x - left) * millis() / width);
    }

    /** How many milliseconds one pixel spans: what a drag of {@code dx} pixels moves the window by, per pixel. */
    public double millisPerPixel() {
        return millis() / width;
    }

    /** True when {@code [from, to]} shares a moment with the window. */
    public boolean overlaps(long from, long to) {
        return from <= endMillis && to >= startMillis;
    }

    /** The step between ticks: the finest that leaves {@code minSpacing} pixels between them. */
    public long tickStep(double minSpacing) {
        for (long step : TICK_STEPS) {
            if (step * width / millis() >= minSpacing) {
                return step;
            }
        }
        return TICK_STEPS[TICK_STEPS.length - 1];
    }

    /**
     * Ticks on round wall-clock times of {@code zone} ("10:04:30" for steps under a minute, "10:05"
     * above), at least {@code minSpacing} pixels apart.
     */
    public List<Tick> ticks(ZoneId zone, double minSpacing) {
        long step = tickStep(minSpacing);
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(startMillis)).getTotalSeconds() * 1000L;
        long first = Math.floorDiv(startMillis + offset + step - 1, step) * step - offset;
        DateTimeFormatter format = (step < 60_000 ? SECONDS : MINUTES).withZone(zone);
        List<Tick> ticks = new ArrayList<>();
        for (long t = first; t <= endMillis; t += step) {
            ticks.add(new Tick(t, x(t), format.format(Instant.ofEpochMilli(t))));
        }
        return ticks;
    }
}
