package org.warmpool.app.replay;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text to read and search: stdout, stderr, a log or a returned file, as numbered lines with every
 * match of the query marked, a current match to jump between, and optionally only the lines that
 * match. Case-insensitive.
 */
public final class OutputSearch {
    /** A stretch of a line that matches: [start, end). */
    public record Span(int start, int end) {
    }

    /**
     * One line as shown.
     *
     * @param number     1-based line number in the whole text
     * @param firstMatch the index (over the whole text) of this line's first match; -1 when none
     */
    public record Line(int number, String text, List<Span> matches, int firstMatch) {
        public Line {
            matches = List.copyOf(matches);
        }
    }

    private final StringProperty query = new SimpleStringProperty("");
    private final BooleanProperty onlyMatching = new SimpleBooleanProperty(false);
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final ObservableList<Line> linesView = FXCollections.unmodifiableObservableList(lines);
    private final ReadOnlyIntegerWrapper matchCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper currentLine = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper matchText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private List<String> all = List.of();

    public OutputSearch() {
        query.addListener((o, was, now) -> refresh(0));
        onlyMatching.addListener((o, was, now) -> refresh(Math.max(0, current.get())));
    }

    /** Shows new text; the query stays, and the first match becomes current. */
    public void setText(String text, boolean truncated) {
        String body = text == null ? "" : text;
        if (body.endsWith("\n")) {
            body = body.substring(0, body.length() - 1);
        }
        all = body.isEmpty() ? List.of() : List.of(body.split("\n", -1));
        note.set(body.isEmpty() ? "(empty)" : truncated ? "cut at 50 KB (cyber-dojo's limit)" : "");
        refresh(0);
    }

    private void refresh(int wanted) {
        String q = query.get() == null ? "" : query.get().toLowerCase(Locale.ROOT);
        List<Line> shown = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < all.size(); i++) {
            String text = all.get(i);
            List<Span> spans = new ArrayList<>();
            if (!q.isEmpty()) {
                String lower = text.toLowerCase(Locale.ROOT);
                // Lower-casing keeps the length for everything a program prints in practice; guard anyway.
                if (lower.length() == text.length()) {
                    for (int at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length())) {
                        spans.add(new Span(at, at + q.length()));
                    }
                }
            }
            if (onlyMatching.get() && !q.isEmpty() && spans.isEmpty()) {
                continue;
            }
            shown.add(new Line(i + 1, text, spans, spans.isEmpty() ? -1 : count));
            count += spans.size();
        }
        lines.setAll(shown);
        matchCount.set(count);
        select(count == 0 ? -1 : Math.min(wanted, count - 1));
    }

    /** The next match, wrapping round at the end. */
    public void next() {
        if (matchCount.get() > 0) {
            select((current.get() + 1) % matchCount.get());
        }
    }

    /** The previous match, wrapping round at the start. */
    public void previous() {
        if (matchCount.get() > 0) {
            select((current.get() - 1 + matchCount.get()) % matchCount.get());
        }
    }

    private void select(int match) {
        int lineIndex = -1;
        if (match >= 0) {
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                if (line.firstMatch() >= 0 && match >= line.firstMatch() && match < line.firstMatch() + line.matches().size()) {
                    lineIndex = i;
                    break;
                }
            }
        }
        // The line first: whoever follows the current match reads it when the match changes.
        currentLine.set(lineIndex);
        current.set(match);
        String q = query.get() == null ? "" : query.get();
        matchText.set(q.isEmpty() ? "" : matchCount.get() == 0 ? "no matches" : (match + 1) + " of " + matchCount.get());
    }

    /** What to look for (case-insensitive); typing it jumps to the first match. */
    public StringProperty queryProperty() {
        return query;
    }

    /** Show only the lines that match. */
    public BooleanProperty onlyMatchingProperty() {
        return onlyMatching;
    }

    /** The lines to show (read-only). */
    public ObservableList<Line> lines() {
        return linesView;
    }

    public ReadOnlyIntegerProperty matchCountProperty() {
        return matchCount.getReadOnlyProperty();
    }

    /** The index of the current match over the whole text; -1 when there is none. */
    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The index in {@link #lines()} of the line holding the current match; -1 when none. */
    public ReadOnlyIntegerProperty currentLineProperty() {
        return currentLine.getReadOnlyProperty();
    }

    /** "3 of 12", "no matches", or empty with no query. */
    public ReadOnlyStringProperty matchTextProperty() {
        return matchText.getReadOnlyProperty();
    }

    /** "(empty)" or "cut at 50 KB"; empty otherwise. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
