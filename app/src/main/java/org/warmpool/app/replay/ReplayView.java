package org.warmpool.app.replay;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;

/**
 * The Replay tab: the toolbar above; the submissions beside the results; the selected result's
 * detail below. The whole tab takes dropped files and folders. Layout and bindings only.
 */
public final class ReplayView implements ConsoleView {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    private final ReplayViewModel model;
    private final BorderPane root = new BorderPane();

    public ReplayView(ReplayViewModel model) {
        this.model = model;
        root.setId("replay-view");
        root.getStyleClass().add("replay-view");
        root.getStylesheets().add(ReplayView.class.getResource("replay.css").toExternalForm());
        Palette.styled(root);
        root.getProperties().put(ReplayViewModel.class, model);
        root.setPadding(new Insets(12, 16, 12, 16));

        ReplayToolbar toolbar = new ReplayToolbar(model);
        // Kept as long as the tab: the toolbar holds the ends of its spinners' bindings, which hold them only weakly.
        root.getProperties().put(ReplayToolbar.class, toolbar);
        root.setTop(toolbar.root());
        Node results = new ResultsPane(model.results(), model.detail()).root();
        HBox upper = new HBox(16, new SubmissionsPane(model.submissions()).root(), results);
        HBox.setHgrow(results, Priority.ALWAYS);
        upper.setPadding(new Insets(0, 0, 8, 0));
        SplitPane split = new SplitPane(upper, new DetailPane(model.detail()).root());
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
            model.submissions().addFiles(e.getDragboard().getFiles());
        }
        root.pseudoClassStateChanged(DROP_TARGET, false);
        e.setDropCompleted(ok);
        e.consume();
    }
}
