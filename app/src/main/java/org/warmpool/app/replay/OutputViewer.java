package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The selected source's text, searchable: every match marked, Enter for the next, Shift+Enter for
 * the previous, optionally only the matching lines, and Copy. Layout and bindings over
 * {@link OutputSearch}. The Replay tab's detail and the Room's run both read output in one.
 */
public final class OutputViewer {
    /** What a viewer shows: a searchable text, the source it comes from, whether anything is chosen, whether it grows. */
    public interface Model {
        OutputSearch search();

        /** The source shown; {@code null} for none. */
        ObjectProperty<DetailViewModel.Source> sourceProperty();

        /** Nothing is chosen to read: the viewer says how to choose something. */
        ObservableBooleanValue nothingChosen();

        /** The text grows as a run streams: the viewer follows its end, as a terminal does. */
        ReadOnlyBooleanProperty liveProperty();
    }

    private final VBox root;

    OutputViewer(DetailViewModel model) {
        this(model, "replay", "Select a result above to read its stdout, stderr and files.");
    }

    /**
     * @param idPrefix    the controls' ids start with it ({@code replay-search}, {@code room-output}, …)
     * @param placeholder what the viewer says while nothing is chosen
     */
    public OutputViewer(Model model, String idPrefix, String placeholder) {
        OutputSearch search = model.search();
        TextField query = new TextField();
        query.setId(idPrefix + "-search");
        query.setPromptText("Search the output  (Enter: next match)");
        query.textProperty().bindBidirectional(search.queryProperty());
        query.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                if (e.isShiftDown()) {
                    search.previous();
                } else {
                    search.next();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                query.clear();
            }
        });
        HBox.setHgrow(query, Priority.ALWAYS);
        Label matches = new Label();
        matches.setId(idPrefix + "-search-matches");
        matches.getStyleClass().add("match-count");
        matches.textProperty().bind(search.matchTextProperty());
        Button previous = new Button("↑");
        previous.setTooltip(new Tooltip("Previous match (Shift+Enter)"));
        previous.disableProperty().bind(search.matchCountProperty().isEqualTo(0));
        previous.setOnAction(e -> search.previous());
        Button next = new Button("↓");
        next.setTooltip(new Tooltip("Next match (Enter)"));
        next.disableProperty().bind(search.matchCountProperty().isEqualTo(0));
        next.setOnAction(e -> search.next());
        CheckBox only = new CheckBox("Matching lines only");
        only.setId(idPrefix + "-search-only");
        only.selectedProperty().bindBidirectional(search.onlyMatchingProperty());
        Button copy = new Button("Copy");
        copy.getStyleClass().add("flat");
        copy.setTooltip(new Tooltip("Copy all of it to the clipboard"));
        copy.disableProperty().bind(model.sourceProperty().isNull());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.sourceProperty().get().output().content());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox bar = new HBox(8, query, matches, previous, next, only, copy);
        bar.setAlignment(Pos.CENTER_LEFT);

        ListView<OutputSearch.Line> lines = new ListView<>(search.lines());
        lines.setId(idPrefix + "-output");
        lines.getStyleClass().add("output");
        lines.setCellFactory(v -> new LineCell(search));
        Label nothing = new Label();
        nothing.getStyleClass().add("placeholder-text");
        nothing.textProperty().bind(Bindings.when(model.nothingChosen()).then(placeholder).otherwise(""));
        lines.setPlaceholder(nothing);
        VBox.setVgrow(lines, Priority.ALWAYS);
        search.currentProperty().addListener((o, was, now) -> {
            int at = search.currentLineProperty().get();
            if (at >= 0) {
                lines.scrollTo(Math.max(0, at - 3));
            }
        });
        // Output growing while its run goes: follow its end, as a terminal does (unless searching).
        search.lines().addListener((ListChangeListener<OutputSearch.Line>) c -> {
            String q = search.queryProperty().get();
            if (model.liveProperty().get() && (q == null || q.isEmpty()) && !lines.getItems().isEmpty()) {
                lines.scrollTo(lines.getItems().size() - 1);
            }
        });
        Label note = new Label();
        note.getStyleClass().add("output-note");
        note.textProperty().bind(search.noteProperty());
        note.visibleProperty().bind(search.noteProperty().isEmpty().not());
        note.managedProperty().bind(note.visibleProperty());
        root = new VBox(6, bar, note, lines);
    }

    public Node root() {
        return root;
    }

    /** One line of output: its number, then the text with every match marked and the current one stronger. */
    private static final class LineCell extends ListCell<OutputSearch.Line> {
        private final OutputSearch search;
        private final Label number = new Label();
        private final TextFlow flow = new TextFlow();
        private final HBox box = new HBox(10, number, flow);

        LineCell(OutputSearch search) {
            this.search = search;
            number.getStyleClass().add("line-number");
            number.setMinWidth(Region.USE_PREF_SIZE);
            flow.getStyleClass().add("line-text");
            flow.setMinWidth(0);
            HBox.setHgrow(flow, Priority.ALWAYS);
            setPrefWidth(0);
            // The current match moved: only the lines it left and reached look different.
            search.currentProperty().addListener((o, was, now) -> {
                OutputSearch.Line line = getItem();
                if (line != null && !isEmpty() && line.firstMatch() >= 0 && (holds(line, was.intValue()) || holds(line, now.intValue()))) {
                    render(line);
                }
            });
        }

        private static boolean holds(OutputSearch.Line line, int match) {
            return match >= line.firstMatch() && match < line.firstMatch() + line.matches().size();
        }

        @Override
        protected void updateItem(OutputSearch.Line line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            render(line);
        }

        private void render(OutputSearch.Line line) {
            number.setText(Integer.toString(line.number()));
            flow.getChildren().clear();
            String text = line.text();
            int at = 0;
            int index = line.firstMatch();
            for (OutputSearch.Span span : line.matches()) {
                if (span.start() > at) {
                    flow.getChildren().add(plain(text.substring(at, span.start())));
                }
                Label hit = new Label(text.substring(span.start(), span.end()));
                hit.getStyleClass().add(index == search.currentProperty().get() ? "match-current" : "match");
                flow.getChildren().add(hit);
                at = span.end();
                index++;
            }
            if (at < text.length() || text.isEmpty()) {
                flow.getChildren().add(plain(text.substring(at)));
            }
            setGraphic(box);
        }

        private static Text plain(String s) {
            Text t = new Text(s.replace("\t", "    "));
            t.getStyleClass().add("output-text");
            return t;
        }
    }
}
