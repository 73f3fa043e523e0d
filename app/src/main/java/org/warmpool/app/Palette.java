package org.warmpool.app;

import javafx.scene.Node;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.Outcome;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The console's one palette: which AtlantaFX looked-up colour an outcome, a phase of a container's
 * life, and the lines and words of a chart are drawn in. Nodes take a colour by style class (from
 * {@link #STYLESHEET}, which this class writes from the same table); a canvas reads the colour a
 * {@link #swatch swatch} was given by the theme in force, so the dark theme is right by construction.
 */
public final class Palette {
    /** Colours a canvas needs besides outcomes and phases. */
    public enum Ink {
        /** Grid lines. */
        GRID,
        /** Axis labels and container ids. */
        TEXT
    }

    private static final Map<Outcome, String> OUTCOMES = new EnumMap<>(Map.of(
            Outcome.RED, "-color-danger-emphasis",
            Outcome.AMBER, "-color-warning-emphasis",
            Outcome.GREEN, "-color-success-emphasis",
            Outcome.TIMED_OUT, "-color-chart-6", // purple: neither a colour of the traffic light nor grey
            Outcome.FAULTY, "-color-fg-muted"));
    private static final Map<ContainerPhase, String> PHASES = new EnumMap<>(Map.of(
            ContainerPhase.STARTING, "-color-neutral-emphasis",
            ContainerPhase.READY, "-color-accent-muted",
            ContainerPhase.CLAIMED, "-color-accent-emphasis",
            ContainerPhase.RUNNING, "-color-fg-default",
            ContainerPhase.RECYCLING, "-color-accent-subtle",
            ContainerPhase.RETIRING, "-color-border-default",
            ContainerPhase.GONE, "-color-border-muted"));
    private static final Map<Ink, String> INKS = new EnumMap<>(Map.of(
            Ink.GRID, "-color-border-muted",
            Ink.TEXT, "-color-fg-muted"));

    /** A data-URI stylesheet giving each style class its colour: a shape's fill, a swatch's background. */
    public static final String STYLESHEET = "data:text/css;base64,"
            + Base64.getEncoder().encodeToString(css().getBytes(StandardCharsets.UTF_8));

    private Palette() {
    }

    /** {@code -color-success-emphasis} for green, ... */
    public static String lookedUp(Outcome outcome) {
        return OUTCOMES.get(outcome);
    }

    public static String lookedUp(ContainerPhase phase) {
        return PHASES.get(phase);
    }

    public static String lookedUp(Ink ink) {
        return INKS.get(ink);
    }

    /** {@code outcome-red}, {@code outcome-timed-out}, ... */
    public static String styleClass(Outcome outcome) {
        return "outcome-" + cssName(outcome.name());
    }

    /** {@code phase-starting}, {@code phase-ready}, ... */
    public static String styleClass(ContainerPhase phase) {
        return "phase-" + cssName(phase.name());
    }

    public static String styleClass(Ink ink) {
        return "ink-" + cssName(ink.name());
    }

    /** A small square in a colour of the palette (for a legend, or for a canvas to read its colour from). */
    public static Region swatch(String styleClass) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll("palette-swatch", styleClass);
        swatch.getStylesheets().add(STYLESHEET);
        return swatch;
    }

    /**
     * The colour the theme in force gave a swatch; {@code null} before CSS reached it. A swatch's
     * background changes when the theme does: listen to {@link Region#backgroundProperty()} to redraw.
     */
    public static Paint paintOf(Region swatch) {
        Background background = swatch.getBackground();
        if (background == null || background.getFills().isEmpty()) {
            if (swatch.getScene() == null) {
                return null;
            }
            swatch.applyCss();
            background = swatch.getBackground();
            if (background == null || background.getFills().isEmpty()) {
                return null;
            }
        }
        return background.getFills().get(0).getFill();
    }

    /** Adds the palette's stylesheet to a view's root, so that its style classes resolve there. */
    public static <T extends Node> T styled(T node) {
        if (node instanceof javafx.scene.Parent parent && !parent.getStylesheets().contains(STYLESHEET)) {
            parent.getStylesheets().add(STYLESHEET);
        }
        return node;
    }

    private static String cssName(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String css() {
        Map<String, String> colours = new LinkedHashMap<>();
        OUTCOMES.forEach((outcome, colour) -> colours.put(styleClass(outcome), colour));
        PHASES.forEach((phase, colour) -> colours.put(styleClass(phase), colour));
        INKS.forEach((ink, colour) -> colours.put(styleClass(ink), colour));
        StringBuilder css = new StringBuilder(
                ".palette-swatch { -fx-min-width: 12; -fx-min-height: 12; -fx-max-width: 12; -fx-max-height: 12;"
                        + " -fx-background-radius: 2; }\n");
        colours.forEach((styleClass, colour) -> css.append('.').append(styleClass).append(" { -fx-fill: ").append(colour)
                .append("; }\n.palette-swatch.").append(styleClass).append(" { -fx-background-color: ").append(colour)
                .append("; }\n"));
        return css.toString();
    }
}
