package org.warmpool.app.images;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import org.warmpool.app.ConsoleView;

import java.io.File;
import java.util.List;

/** The Images tab: Docker's images, which are Warmpool-ready and why not, and Load image…. Layout and bindings only. */
public final class ImagesView implements ConsoleView {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    private final ImagesViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<ImageRow> table;
    private final CopyToEnginePanel copy;

    public ImagesView(ImagesViewModel model) {
        this.model = model;
        root.setId("images-view");
        root.getStyleClass().add("images-view");
        root.getStylesheets().add(ImagesView.class.getResource("images.css").toExternalForm());
        root.getProperties().put(ImagesViewModel.class, model);
        root.setPadding(new Insets(16));
        table = table();
        copy = new CopyToEnginePanel(model.copies(), table);
        root.setTop(new VBox(12, header(), hint(), loadPanel(), copy.panel()));
        root.setCenter(table);
        BorderPane.setMargin(root.getCenter(), new Insets(12, 0, 0, 0));

        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && !model.loadingProperty().get()) {
                e.acceptTransferModes(TransferMode.COPY);
                root.pseudoClassStateChanged(DROP_TARGET, true);
            }
            e.consume();
        });
        root.setOnDragExited(e -> root.pseudoClassStateChanged(DROP_TARGET, false));
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                model.load(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            root.pseudoClassStateChanged(DROP_TARGET, false);
            e.setDropCompleted(ok);
            e.consume();
        });
        // Checking starts a short-lived container per image: do it when the tab is first looked at.
        // A TabPane adds the content before it hides unselected tabs, hence the check a pulse later.
        root.parentProperty().addListener((o, was, parent) -> {
            if (parent != null) {
                Platform.runLater(() -> watchFirstShow(parent));
            }
        });
    }

    private void watchFirstShow(Parent parent) {
        if (root.getParent() != parent) {
            return;
        }
        if (parent.isVisible()) {
            model.refreshIfNeverDone();
        } else {
            parent.visibleProperty().addListener((o, was, now) -> {
                if (now && root.getParent() == parent) {
                    model.refreshIfNeverDone();
                }
            });
        }
    }

    @Override
    public String title() {
        return "Images";
    }

    @Override
    public Node root() {
        return root;
    }

    public ImagesViewModel viewModel() {
        return model;
    }

    private Node header() {
        Label title = new Label("Images on this machine");
        title.getStyleClass().add("section-title");
        Label summary = new Label();
        summary.setId("images-summary");
        summary.getStyleClass().add("summary");
        summary.textProperty().bind(model.summaryProperty());
        Label checking = new Label();
        checking.setId("images-checking");
        checking.getStyleClass().add("checking");
        checking.textProperty().bind(model.checkTextProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancelChecks = new Button("Stop checking");
        cancelChecks.setId("images-cancel-checks");
        cancelChecks.visibleProperty().bind(model.checkingProperty());
        cancelChecks.managedProperty().bind(cancelChecks.visibleProperty());
        cancelChecks.setOnAction(e -> model.cancelChecks());
        Button refresh = new Button("Refresh");
        refresh.setId("images-refresh");
        refresh.disableProperty().bind(model.listingProperty());
        refresh.setTooltip(new Tooltip("List Docker's images again and check each one"));
        refresh.setOnAction(e -> model.refresh());
        Button load = new Button("Load image…");
        load.setId("images-load");
        load.getStyleClass().add("accent");
        load.disableProperty().bind(model.loadingProperty());
        load.setTooltip(new Tooltip("docker load a tarball written by docker save (.tar, .tar.gz)"));
        load.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Load image (a docker save tarball)");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Image tarballs (*.tar, *.tar.gz, *.tgz)", "*.tar", "*.tar.gz", "*.tgz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            List<File> files = chooser.showOpenMultipleDialog(root.getScene().getWindow());
            if (files != null) {
                model.load(files.stream().map(File::toPath).toList());
            }
        });
        HBox header = new HBox(12, title, summary, checking, spacer, cancelChecks, refresh, copy.button(), load);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node hint() {
        Label badge = new Label("OFFLINE");
        badge.getStyleClass().add("hint-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Label text = new Label(ImagesViewModel.HINT);
        text.setId("images-hint");
        text.getStyleClass().add("hint-text");
        text.setWrapText(true);
        Label there = new Label("On the connected machine:   docker save -o busybox.tar warmpool/busybox");
        there.getStyleClass().add("hint-how");
        Label here = new Label("Here:   Load image… (or drop the .tar onto this tab), then give it a pool in the Pools tab.");
        here.getStyleClass().add("hint-how");
        VBox words = new VBox(2, text, there, here);
        HBox box = new HBox(12, badge, words);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("hint-box");
        return box;
    }

    private Node loadPanel() {
        ProgressBar bar = new ProgressBar();
        bar.setId("images-load-progress");
        bar.progressProperty().bind(model.loadProgressProperty());
        bar.setPrefWidth(320);
        Label text = new Label();
        text.setId("images-load-text");
        text.getStyleClass().add("load-text");
        text.textProperty().bind(model.loadTextProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("images-load-cancel");
        cancel.setOnAction(e -> model.cancelLoad());
        HBox progress = new HBox(12, new Label("Loading"), bar, text, cancel);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.getStyleClass().add("load-progress");
        progress.visibleProperty().bind(model.loadingProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label error = new Label();
        error.setId("images-load-error");
        error.getStyleClass().add("load-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(model.loadErrorProperty());
        Label message = new Label();
        message.setId("images-load-message");
        message.getStyleClass().add("load-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(model.loadMessageProperty());
        Button dismiss = new Button("✕");
        dismiss.getStyleClass().addAll("flat", "small");
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setOnAction(e -> model.dismissLoadMessage());
        VBox words = new VBox(4, error, message);
        HBox.setHgrow(words, Priority.ALWAYS);
        error.visibleProperty().bind(model.loadErrorProperty().isEmpty().not());
        error.managedProperty().bind(error.visibleProperty());
        message.visibleProperty().bind(model.loadMessageProperty().isEmpty().not());
        message.managedProperty().bind(message.visibleProperty());
        HBox outcome = new HBox(8, words, dismiss);
        outcome.setAlignment(Pos.CENTER_LEFT);
        outcome.visibleProperty().bind(error.visibleProperty().or(message.visibleProperty()));
        outcome.managedProperty().bind(outcome.visibleProperty());

        VBox panel = new VBox(8, progress, outcome);
        panel.visibleProperty().bind(progress.visibleProperty().or(outcome.visibleProperty()));
        panel.managedProperty().bind(panel.visibleProperty());
        return panel;
    }

    private TableView<ImageRow> table() {
        TableView<ImageRow> table = new TableView<>(model.rows());
        table.setId("images-table");
        table.getStyleClass().add("images");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("placeholder-text");
        placeholder.textProperty().bind(Bindings.when(model.problemProperty().isEmpty())
                .then(Bindings.when(model.listingProperty()).then("Asking Docker…").otherwise("Docker holds no images yet. " + ImagesViewModel.HINT))
                .otherwise(model.problemProperty()));
        table.setPlaceholder(placeholder);

        TableColumn<ImageRow, String> name = new TableColumn<>("Image");
        name.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().name()));
        name.setCellFactory(c -> new NameCell());
        name.setPrefWidth(260);

        TableColumn<ImageRow, ImageRow.Readiness> ready = new TableColumn<>("Warmpool");
        ready.setCellValueFactory(c -> c.getValue().readinessProperty());
        ready.setCellFactory(c -> new ReadinessCell());
        ready.setPrefWidth(130);
        ready.setMinWidth(120);

        TableColumn<ImageRow, String> pool = new TableColumn<>("Pool");
        pool.setCellValueFactory(c -> c.getValue().poolProperty());
        pool.setPrefWidth(120);

        TableColumn<ImageRow, String> size = new TableColumn<>("Size");
        size.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().size()));
        size.setPrefWidth(90);
        size.getStyleClass().add("number-column");

        TableColumn<ImageRow, String> created = new TableColumn<>("Created");
        created.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().created()));
        created.setPrefWidth(130);

        TableColumn<ImageRow, String> why = new TableColumn<>("Why not");
        why.setCellValueFactory(c -> c.getValue().whyProperty());
        why.setCellFactory(c -> new WhyCell());
        why.setPrefWidth(460);

        TableColumn<ImageRow, String> engines = new TableColumn<>("Engines");
        engines.setId("images-engines-column");
        engines.setCellValueFactory(c -> c.getValue().enginesProperty());
        engines.setPrefWidth(200);
        engines.visibleProperty().bind(model.copies().severalProperty());

        table.getColumns().setAll(List.of(name, ready, pool, engines, size, created, why));
        return table;
    }

    /** What an image lacks, one problem a line: the row grows rather than cutting the reason short. */
    private static final class WhyCell extends TableCell<ImageRow, String> {
        private final Text text = new Text();

        WhyCell() {
            text.getStyleClass().add("why");
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null || item.isEmpty()) {
                setGraphic(null);
                return;
            }
            text.setText(item.replace("; ", "\n"));
            text.wrappingWidthProperty().bind(getTableColumn().widthProperty().subtract(20));
            setGraphic(text);
        }
    }

    /** The image's name, with "just loaded" after a load added it. */
    private static final class NameCell extends TableCell<ImageRow, String> {
        private final Label name = new Label();
        private final Label fresh = new Label();
        private final HBox box = new HBox(8, name, fresh);

        NameCell() {
            name.getStyleClass().add("image-name");
            fresh.getStyleClass().add("fresh-badge");
            fresh.visibleProperty().bind(fresh.textProperty().isEmpty().not());
            fresh.managedProperty().bind(fresh.visibleProperty());
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            fresh.textProperty().unbind();
            ImageRow row = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            name.setText(item);
            setTooltip(new Tooltip(item + (row == null ? "" : "  ·  id " + row.id())));
            if (row != null) {
                fresh.textProperty().bind(row.freshProperty());
            } else {
                fresh.setText("");
            }
            setGraphic(box);
        }
    }

    /** A badge: ready (green), not ready (red), checking…, unknown, no name. */
    private static final class ReadinessCell extends TableCell<ImageRow, ImageRow.Readiness> {
        private final Label badge = new Label();

        ReadinessCell() {
            badge.getStyleClass().add("readiness");
        }

        @Override
        protected void updateItem(ImageRow.Readiness item, boolean empty) {
            super.updateItem(item, empty);
            badge.getStyleClass().removeIf(s -> s.startsWith("readiness-"));
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            badge.setText(switch (item) {
                case READY -> "✓ ready";
                case NOT_READY -> "✕ not ready";
                default -> item.word();
            });
            badge.getStyleClass().add(item.styleClass());
            setGraphic(badge);
        }
    }
}
