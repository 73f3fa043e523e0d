package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.warmpool.app.ConsoleView;

import java.io.File;
import java.util.List;

/** The Replay tab: drop submissions, run them, read the traffic lights and the output. Layout and bindings only. */
public final class ReplayView implements ConsoleView {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused");
    private static final PseudoClass EMPTY = PseudoClass.getPseudoClass("nothing");

    private final ReplayViewModel model;
    private final BorderPane root = new BorderPane();
    // Kept: a bidirectional binding to asObject() holds its end only weakly.
    private final ObjectProperty<Integer> maxSecondsObject;
    private final ObjectProperty<Integer> repeatsObject;

    public ReplayView(ReplayViewModel model) {
        this.model = model;
        this.maxSecondsObject = model.maxSecondsProperty().asObject();
        this.repeatsObject = model.repeatsProperty().asObject();
        root.setId("replay-view");
        root.getStyleClass().add("replay-view");
        root.getStylesheets().add(ReplayView.class.getResource("replay.css").toExternalForm());
        root.getProperties().put(ReplayViewModel.class, model);
        root.setPadding(new Insets(12, 16, 12, 16));

        root.setTop(toolbar());
        HBox upper = new HBox(16, submissionsPane(), resultsPane());
        HBox.setHgrow(upper.getChildren().get(1), Priority.ALWAYS);
        upper.setPadding(new Insets(0, 0, 8, 0));
        SplitPane split = new SplitPane(upper, detailPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.46);
        split.getStyleClass().add("replay-split");
        BorderPane.setMargin(split, new Insets(10, 0, 0, 0));
        root.setCenter(split);

        // The whole tab accepts files: dropping onto the results or the output works too.
        root.setOnDragOver(this::dragOver);
        root.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles()) {
                root.pseudoClassStateChanged(DROP_TARGET, true);
            }
        });
        root.setOnDragExited(e -> root.pseudoClassStateChanged(DROP_TARGET, false));
        root.setOnDragDropped(this::dropped);
    }

    @Override
    public String title() {
        return "Replay";
    }

    @Override
    public Node root() {
        return root;
    }

    public ReplayViewModel viewModel() {
        return model;
    }

    void dragOver(DragEvent e) {
        if (e.getDragboard() != null && e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    void dropped(DragEvent e) {
        boolean ok = e.getDragboard() != null && e.getDragboard().hasFiles();
        if (ok) {
            model.addFiles(e.getDragboard().getFiles());
        }
        root.pseudoClassStateChanged(DROP_TARGET, false);
        e.setDropCompleted(ok);
        e.consume();
    }

    private Node toolbar() {
        Button addFiles = new Button("Add .tgz files…");
        addFiles.setId("replay-add-files");
        addFiles.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Submissions to replay");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Submissions (*.tgz, *.tar.gz)", "*.tgz", "*.tar.gz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            List<File> files = chooser.showOpenMultipleDialog(root.getScene().getWindow());
            if (files != null) {
                model.addFiles(files);
            }
        });
        Button addFolder = new Button("Add folder…");
        addFolder.setId("replay-add-folder");
        addFolder.setTooltip(new Tooltip("A folder of sources with cyber-dojo.sh, or a folder of .tgz files"));
        addFolder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("A folder of sources, or of .tgz files");
            File dir = chooser.showDialog(root.getScene().getWindow());
            if (dir != null) {
                model.addFiles(List.of(dir));
            }
        });

        ComboBox<String> image = new ComboBox<>(model.images());
        image.setId("replay-image");
        image.setPromptText("no pools yet");
        image.valueProperty().bindBidirectional(model.imageProperty());
        image.setPrefWidth(240);
        Label imageNote = new Label();
        imageNote.getStyleClass().add("image-note");
        imageNote.textProperty().bind(model.imageNoteProperty());
        VBox imageBox = new VBox(2, caption("Image"), image, imageNote);

        Spinner<Integer> seconds = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 20, model.maxSecondsProperty().get()));
        seconds.setId("replay-max-seconds");
        seconds.setEditable(true);
        seconds.setPrefWidth(100);
        seconds.getValueFactory().valueProperty().bindBidirectional(maxSecondsObject);
        Spinner<Integer> repeats = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, ReplayViewModel.MAX_REPEATS,
                model.repeatsProperty().get()));
        repeats.setId("replay-repeats");
        repeats.setEditable(true);
        repeats.setPrefWidth(100);
        repeats.getValueFactory().valueProperty().bindBidirectional(repeatsObject);
        commitWhenLeft(seconds);
        commitWhenLeft(repeats);
        VBox secondsBox = new VBox(2, caption("Max seconds"), seconds, new Label());
        VBox repeatsBox = new VBox(2, caption("Runs each"), repeats, new Label());

        Button run = new Button("Run");
        run.setId("replay-run");
        run.getStyleClass().add("accent");
        run.setPrefWidth(96);
        run.disableProperty().bind(model.canRunBinding().not());
        run.setOnAction(e -> model.run());
        Button cancel = new Button("Cancel");
        cancel.setId("replay-cancel");
        cancel.setTooltip(new Tooltip("Runs already in a container finish (within max seconds); the others are not started"));
        cancel.disableProperty().bind(model.waitingProperty().isEqualTo(0));
        cancel.setOnAction(e -> model.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("replay-progress");
        bar.progressProperty().bind(model.progressProperty());
        bar.setPrefWidth(200);
        bar.visibleProperty().bind(model.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label progress = new Label();
        progress.setId("replay-progress-text");
        progress.getStyleClass().add("progress-text");
        progress.textProperty().bind(model.progressTextProperty());
        VBox progressBox = new VBox(4, bar, progress);
        progressBox.setAlignment(Pos.CENTER_LEFT);

        HBox add = new HBox(8, addFiles, addFolder);
        add.setAlignment(Pos.CENTER_LEFT);
        HBox go = new HBox(8, run, cancel);
        go.setAlignment(Pos.CENTER_LEFT);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar1 = new HBox(16, add, new Separator(Orientation.VERTICAL), imageBox, secondsBox, repeatsBox, go, spacer, progressBox);
        bar1.setAlignment(Pos.CENTER_LEFT);
        bar1.getStyleClass().add("replay-toolbar");

        // The journal: replay what clients sent, each on its own image, against the colour it had.
        Label fromJournal = new Label("From the journal");
        TextField filter = new TextField();
        filter.setId("replay-journal-filter");
        filter.setPromptText("all runs, or e.g. image=warmpool/python-pytest,outcome=red,since=" + java.time.LocalDate.now());
        filter.setPrefColumnCount(44);
        fromJournal.setLabelFor(filter);
        Button addJournal = new Button("Add runs");
        addJournal.setId("replay-add-journal");
        addJournal.setTooltip(new Tooltip("The most recent " + ReplayViewModel.MAX_RUNS
                + " journaled runs matching the filter (keys: image, outcome, door, id, since, until)"));
        addJournal.setOnAction(e -> model.addFromJournal(filter.getText()));
        filter.setOnAction(e -> model.addFromJournal(filter.getText()));
        HBox bar2 = new HBox(8, fromJournal, filter, addJournal);
        bar2.setAlignment(Pos.CENTER_LEFT);
        bar2.visibleProperty().bind(model.journalAvailableProperty());
        bar2.managedProperty().bind(bar2.visibleProperty());
        return new VBox(8, bar1, bar2);
    }

    /** A number typed into a spinner counts when the field is left, not only on Enter; a non-number is undone. */
    private static void commitWhenLeft(Spinner<Integer> spinner) {
        spinner.getEditor().focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                try {
                    spinner.commitValue();
                } catch (RuntimeException notANumber) {
                    spinner.cancelEdit();
                }
            }
        });
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("field-caption");
        return label;
    }

    private Node submissionsPane() {
        Label title = new Label("Submissions");
        title.getStyleClass().add("section-title");
        Label count = new Label();
        count.getStyleClass().add("section-count");
        count.textProperty().bind(Bindings.size(model.submissions()).asString());
        count.visibleProperty().bind(Bindings.isNotEmpty(model.submissions()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button clear = new Button("Clear");
        clear.setId("replay-clear-submissions");
        clear.getStyleClass().addAll("small", "flat");
        clear.disableProperty().bind(Bindings.isEmpty(model.submissions()));
        clear.setOnAction(e -> model.clearSubmissions());
        HBox head = new HBox(8, title, count, spacer, clear);
        head.setAlignment(Pos.CENTER_LEFT);

        ListView<ReplaySubmission> list = new ListView<>(model.submissions());
        list.setId("replay-submissions");
        list.getStyleClass().add("submissions");
        list.setCellFactory(v -> new SubmissionCell(model));
        list.visibleProperty().bind(Bindings.isNotEmpty(model.submissions()));

        Label dropTitle = new Label("Drop .tgz files or folders here");
        dropTitle.getStyleClass().add("drop-title");
        dropTitle.setWrapText(true);
        Label dropHint = new Label("A submission is a gzip'd tar with cyber-dojo.sh, or a folder of sources. "
                + "A folder of .tgz files adds them all.");
        dropHint.getStyleClass().add("drop-hint");
        dropHint.setWrapText(true);
        VBox drop = new VBox(8, dropTitle, dropHint);
        drop.setId("replay-drop-zone");
        drop.getStyleClass().add("drop-zone");
        drop.setAlignment(Pos.CENTER);
        drop.visibleProperty().bind(Bindings.isEmpty(model.submissions()));
        StackPane stack = new StackPane(drop, list);
        VBox.setVgrow(stack, Priority.ALWAYS);

        Label notice = new Label();
        notice.setId("replay-notice");
        notice.getStyleClass().add("notice");
        notice.setWrapText(true);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isEmpty().not());
        notice.managedProperty().bind(notice.visibleProperty());

        VBox pane = new VBox(6, head, stack, notice);
        pane.setPrefWidth(290);
        pane.setMinWidth(240);
        pane.setMaxWidth(360);
        return pane;
    }

    /** A submission: its name, and its file count or what is wrong with it. */
    private static final class SubmissionCell extends ListCell<ReplaySubmission> {
        private final Label name = new Label();
        private final Label state = new Label();
        private final Button remove = new Button("✕");
        private final VBox text = new VBox(1, name, state);
        private final HBox box;
        private final javafx.beans.property.BooleanProperty refused = new javafx.beans.property.SimpleBooleanProperty();

        SubmissionCell(ReplayViewModel model) {
            refused.addListener((o, was, now) -> pseudoClassStateChanged(REFUSED, now));
            name.getStyleClass().add("submission-name");
            state.getStyleClass().add("submission-state");
            state.setWrapText(true);
            remove.getStyleClass().addAll("flat", "small", "remove");
            remove.setTooltip(new Tooltip("Remove from the list"));
            remove.setOnAction(e -> {
                if (getItem() != null) {
                    model.removeSubmission(getItem());
                }
            });
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            box = new HBox(6, text, remove);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ReplaySubmission item, boolean empty) {
            super.updateItem(item, empty);
            name.textProperty().unbind();
            state.textProperty().unbind();
            refused.unbind();
            refused.set(false);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            name.setText(item.name());
            state.textProperty().bind(item.stateProperty());
            refused.bind(item.refusedProperty());
            setGraphic(box);
        }
    }

    private Node resultsPane() {
        Label title = new Label("Results");
        title.getStyleClass().add("section-title");
        Label summary = new Label();
        summary.setId("replay-summary");
        summary.getStyleClass().add("summary");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button clear = new Button("Clear");
        clear.setId("replay-clear-results");
        clear.getStyleClass().addAll("small", "flat");
        clear.disableProperty().bind(Bindings.isEmpty(model.rows()));
        clear.setOnAction(e -> model.clearResults());
        title.setMinWidth(Region.USE_PREF_SIZE);
        clear.setMinWidth(Region.USE_PREF_SIZE);
        summary.setMinWidth(0);
        HBox head = new HBox(12, title, summary, spacer, clear);
        head.setAlignment(Pos.CENTER_LEFT);

        TableView<ReplayRow> table = new TableView<>(model.rows());
        table.setId("replay-results");
        table.getStyleClass().add("results");
        Label noResults = new Label("Results appear here: one row per run, with its traffic light.");
        noResults.getStyleClass().add("placeholder-text");
        table.setPlaceholder(noResults);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);

        TableColumn<ReplayRow, Number> number = new TableColumn<>("#");
        number.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyIntegerWrapper(c.getValue().number()));
        number.setPrefWidth(44);
        number.setMaxWidth(60);
        number.getStyleClass().add("number-column");

        TableColumn<ReplayRow, ReplayRow.Light> light = new TableColumn<>("Outcome");
        light.setCellValueFactory(c -> c.getValue().lightProperty());
        light.setCellFactory(c -> new LightCell());
        light.setPrefWidth(130);
        light.setMinWidth(120);

        TableColumn<ReplayRow, String> name = new TableColumn<>("Submission");
        name.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().name()));
        name.setPrefWidth(190);

        TableColumn<ReplayRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setPrefWidth(76);
        status.setMinWidth(70);
        status.getStyleClass().add("number-column");

        TableColumn<ReplayRow, String> total = new TableColumn<>("Total");
        total.setCellValueFactory(c -> c.getValue().totalProperty());
        total.setPrefWidth(80);
        total.getStyleClass().add("number-column");

        TableColumn<ReplayRow, String> start = new TableColumn<>("Start");
        start.setCellValueFactory(c -> c.getValue().startProperty());
        start.setPrefWidth(140);

        TableColumn<ReplayRow, String> message = new TableColumn<>("Says");
        message.setCellValueFactory(c -> c.getValue().messageProperty());
        message.setPrefWidth(260);
        message.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });

        table.getColumns().setAll(List.of(number, light, name, status, total, start, message));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != model.selectedProperty().get()) {
                model.select(now);
            }
        });
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox pane = new VBox(6, head, table);
        pane.setMinWidth(400);
        return pane;
    }

    /** The traffic light in a results row. */
    private static final class LightCell extends TableCell<ReplayRow, ReplayRow.Light> {
        private final TrafficLight light = new TrafficLight(8);

        @Override
        protected void updateItem(ReplayRow.Light item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                light.show(item);
                setGraphic(light);
            }
        }
    }

    private Node detailPane() {
        // Left: the selected run at a glance.
        TrafficLight big = new TrafficLight(14);
        big.setId("replay-detail-light");
        big.getStyleClass().add("big");
        model.selectedProperty().addListener((o, was, now) -> big.show(now == null ? null : now.light()));
        javafx.beans.value.ChangeListener<ReplayRow.Light> follow = (o, was, now) -> big.show(now);
        model.selectedProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.lightProperty().removeListener(follow);
            }
            if (now != null) {
                now.lightProperty().addListener(follow);
            }
        });
        Label title = new Label();
        title.setId("replay-detail-title");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        title.textProperty().bind(model.detailTitleProperty());
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        facts.getStyleClass().add("facts");
        model.facts().addListener((javafx.collections.ListChangeListener<ReplayViewModel.Fact>) c -> fillFacts(facts));
        Label message = new Label();
        message.setId("replay-detail-message");
        message.getStyleClass().add("detail-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(model.detailMessageProperty());
        message.visibleProperty().bind(model.detailMessageProperty().isEmpty().not());
        message.managedProperty().bind(message.visibleProperty());
        Label nothing = new Label("Select a result to read its output.");
        nothing.getStyleClass().add("placeholder-text");
        nothing.visibleProperty().bind(model.selectedProperty().isNull());
        nothing.managedProperty().bind(nothing.visibleProperty());
        VBox glance = new VBox(8, nothing, big, title, message, facts);
        glance.getStyleClass().add("glance");
        big.visibleProperty().bind(model.selectedProperty().isNotNull());
        big.managedProperty().bind(big.visibleProperty());
        ScrollPane glanceScroll = new ScrollPane(glance);
        glanceScroll.setFitToWidth(true);
        // Taller than the pane: scroll rather than squeeze the message to one line.
        glance.minHeightProperty().bind(Bindings.createDoubleBinding(() -> glanceScroll.getViewportBounds().getHeight(),
                glanceScroll.viewportBoundsProperty()));
        glanceScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        glanceScroll.getStyleClass().add("glance-scroll");
        glanceScroll.setPrefWidth(290);
        glanceScroll.setMinWidth(250);
        glanceScroll.setMaxWidth(330);

        // Middle: what there is to read.
        ListView<ReplayViewModel.Source> sources = new ListView<>(model.sources());
        sources.setId("replay-sources");
        sources.getStyleClass().add("sources");
        sources.setPrefWidth(200);
        sources.setMinWidth(160);
        sources.setMaxWidth(230);
        sources.setCellFactory(v -> new SourceCell());
        sources.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != model.sourceProperty().get()) {
                model.sourceProperty().set(now);
            }
        });
        model.sourceProperty().addListener((o, was, now) -> {
            if (now != null && sources.getSelectionModel().getSelectedItem() != now) {
                sources.getSelectionModel().select(now);
            }
        });

        VBox viewer = viewer();
        HBox.setHgrow(viewer, Priority.ALWAYS);
        HBox detail = new HBox(12, glanceScroll, sources, viewer);
        detail.setId("replay-detail");
        detail.setPadding(new Insets(10, 0, 0, 0));
        return detail;
    }

    /** What there is to read: its name, and how much of it there is. */
    private static final class SourceCell extends ListCell<ReplayViewModel.Source> {
        private final Label name = new Label();
        private final Label size = new Label();
        private final VBox box = new VBox(1, name, size);

        SourceCell() {
            name.getStyleClass().add("source-name");
            size.getStyleClass().add("source-size");
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ReplayViewModel.Source item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            String content = item.output().content();
            long lines = content.isEmpty() ? 0 : content.chars().filter(ch -> ch == '\n').count() + (content.endsWith("\n") ? 0 : 1);
            name.setText(item.name());
            size.setText(content.isEmpty() ? "empty" : lines + (lines == 1 ? " line" : " lines") + (item.output().truncated() ? " · cut at 50 KB" : ""));
            name.pseudoClassStateChanged(EMPTY, content.isEmpty());
            setGraphic(box);
        }
    }

    private void fillFacts(GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (ReplayViewModel.Fact fact : model.facts()) {
            Label name = new Label(fact.name());
            name.getStyleClass().add("fact-name");
            Label value = new Label(fact.value());
            value.getStyleClass().add("fact-value");
            grid.add(name, 0, row);
            grid.add(value, 1, row);
            row++;
        }
    }

    /** The output, searchable: every match marked, Enter for the next, Shift+Enter for the previous. */
    private VBox viewer() {
        OutputSearch search = model.search();
        TextField query = new TextField();
        query.setId("replay-search");
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
        matches.setId("replay-search-matches");
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
        only.setId("replay-search-only");
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
        lines.setId("replay-output");
        lines.getStyleClass().add("output");
        lines.setCellFactory(v -> new LineCell(search));
        Label nothing = new Label();
        nothing.getStyleClass().add("placeholder-text");
        nothing.textProperty().bind(Bindings.when(model.selectedProperty().isNull())
                .then("Select a result above to read its stdout, stderr and files.").otherwise(""));
        lines.setPlaceholder(nothing);
        VBox.setVgrow(lines, Priority.ALWAYS);
        search.currentProperty().addListener((o, was, now) -> {
            int at = search.currentLineProperty().get();
            if (at >= 0) {
                lines.scrollTo(Math.max(0, at - 3));
            }
        });
        Label note = new Label();
        note.getStyleClass().add("output-note");
        note.textProperty().bind(search.noteProperty());
        note.visibleProperty().bind(search.noteProperty().isEmpty().not());
        note.managedProperty().bind(note.visibleProperty());
        return new VBox(6, bar, note, lines);
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
