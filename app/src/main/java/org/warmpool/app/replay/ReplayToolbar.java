package org.warmpool.app.replay;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.time.LocalDate;
import java.util.List;

/**
 * The Replay tab's toolbar: add files or a folder, the image, max seconds and repeats of a Run,
 * Run and Cancel with the replay's progress; below, the journal selection to add (while the journal
 * records). Layout and bindings only.
 */
final class ReplayToolbar {
    private final ReplayViewModel model;
    private final VBox root;
    // Kept: a bidirectional binding to asObject() holds its end only weakly.
    private final ObjectProperty<Integer> maxSecondsObject;
    private final ObjectProperty<Integer> repeatsObject;

    ReplayToolbar(ReplayViewModel model) {
        this.model = model;
        this.maxSecondsObject = model.maxSecondsProperty().asObject();
        this.repeatsObject = model.repeatsProperty().asObject();
        root = new VBox(8, runBar(), journalBar());
    }

    Node root() {
        return root;
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    private Node runBar() {
        SubmissionsViewModel submissions = model.submissions();
        Button addFiles = new Button("Add .tgz files…");
        addFiles.setId("replay-add-files");
        addFiles.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Submissions to replay");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Submissions (*.tgz, *.tar.gz)", "*.tgz", "*.tar.gz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            List<File> files = chooser.showOpenMultipleDialog(window());
            if (files != null) {
                submissions.addFiles(files);
            }
        });
        Button addFolder = new Button("Add folder…");
        addFolder.setId("replay-add-folder");
        addFolder.setTooltip(new Tooltip("A folder of sources with cyber-dojo.sh, a folder of .tgz files, or a journal export"));
        addFolder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("A folder of sources, of .tgz files, or a journal export");
            File dir = chooser.showDialog(window());
            if (dir != null) {
                submissions.addFiles(List.of(dir));
            }
        });

        ComboBox<String> image = new ComboBox<>(model.images());
        image.setId("replay-image");
        image.setPromptText("no pools yet");
        image.valueProperty().bindBidirectional(model.imageProperty());
        image.setPrefWidth(240);
        image.setTooltip(new Tooltip("For submissions that do not name their image (journaled and exported runs keep theirs)"));
        Label imageNote = new Label();
        imageNote.getStyleClass().add("image-note");
        imageNote.textProperty().bind(model.imageNoteProperty());
        VBox imageBox = new VBox(2, caption("Image"), image, imageNote);

        Spinner<Integer> seconds = spinner("replay-max-seconds", ReplayViewModel.MAX_SECONDS, model.maxSecondsProperty().get(),
                maxSecondsObject);
        Spinner<Integer> repeats = spinner("replay-repeats", ReplayViewModel.MAX_REPEATS, model.repeatsProperty().get(), repeatsObject);
        VBox secondsBox = new VBox(2, caption("Max seconds"), seconds, new Label());
        VBox repeatsBox = new VBox(2, caption("Runs each"), repeats, new Label());

        ResultsViewModel results = model.results();
        Button run = new Button("Run");
        run.setId("replay-run");
        run.getStyleClass().add("accent");
        run.setPrefWidth(96);
        run.setTooltip(new Tooltip("Through the console's own WebSocket, as many at a time as the engine has run slots"));
        run.disableProperty().bind(model.canRunBinding().not());
        run.setOnAction(e -> model.run());
        Button cancel = new Button("Cancel");
        cancel.setId("replay-cancel");
        cancel.setTooltip(new Tooltip("Sends no more; runs already sent finish (within max seconds)"));
        cancel.disableProperty().bind(results.waitingProperty().isEqualTo(0));
        cancel.setOnAction(e -> model.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("replay-progress");
        bar.progressProperty().bind(results.progressProperty());
        bar.setPrefWidth(200);
        bar.visibleProperty().bind(results.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label progress = new Label();
        progress.setId("replay-progress-text");
        progress.getStyleClass().add("progress-text");
        progress.textProperty().bind(results.progressTextProperty());
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
        return bar1;
    }

    /** The journal: replay what clients sent, each on its own image, against the colour it had. */
    private Node journalBar() {
        SubmissionsViewModel submissions = model.submissions();
        Label fromJournal = new Label("From the journal");
        TextField filter = new TextField();
        filter.setId("replay-journal-filter");
        filter.setPromptText("all runs, or e.g. image=warmpool/python-pytest,outcome=red,since=" + LocalDate.now());
        filter.setPrefColumnCount(44);
        fromJournal.setLabelFor(filter);
        Button addJournal = new Button("Add runs");
        addJournal.setId("replay-add-journal");
        addJournal.setTooltip(new Tooltip("The most recent " + SubmissionsViewModel.MAX_FROM_JOURNAL
                + " journaled runs matching the filter (keys: image, outcome, door, id, since, until)"));
        addJournal.setOnAction(e -> submissions.addFromJournal(filter.getText()));
        filter.setOnAction(e -> submissions.addFromJournal(filter.getText()));
        HBox bar2 = new HBox(8, fromJournal, filter, addJournal);
        bar2.setAlignment(Pos.CENTER_LEFT);
        bar2.visibleProperty().bind(submissions.journalAvailableProperty());
        bar2.managedProperty().bind(bar2.visibleProperty());
        return bar2;
    }

    private static Spinner<Integer> spinner(String id, int max, int value, ObjectProperty<Integer> bound) {
        Spinner<Integer> spinner = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, max, value));
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setPrefWidth(100);
        spinner.getValueFactory().valueProperty().bindBidirectional(bound);
        commitWhenLeft(spinner);
        return spinner;
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
}
