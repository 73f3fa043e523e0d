package org.warmpool.app.room;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.warmpool.app.ConsoleView;
import org.warmpool.app.Palette;

import java.io.File;

/**
 * The Room tab: a row per participant with their lights, live; the run behind a clicked light
 * below; the way in for participants at the side. Layout and bindings only.
 */
public final class RoomView implements ConsoleView {
    private final RoomViewModel model;
    private final BorderPane root = new BorderPane();

    public RoomView(RoomViewModel model, WayInViewModel wayIn) {
        this.model = model;
        root.setId("room-view");
        root.getStylesheets().add(RoomView.class.getResource("room.css").toExternalForm());
        Palette.styled(root);
        root.getProperties().put(RoomViewModel.class, model);
        root.setPadding(new Insets(12, 16, 12, 16));

        ListView<ParticipantRow> rows = new ListView<>(model.shown());
        rows.setId("room-rows");
        rows.setCellFactory(v -> new ParticipantCell(model.detail()));
        rows.setFixedCellSize(-1);
        Label empty = new Label();
        empty.textProperty().bind(javafx.beans.binding.Bindings.when(model.stuckOnlyProperty())
                .then("Nobody is stuck.").otherwise("No traffic lights yet in this session: they appear as participants press Test."));
        empty.getStyleClass().add("placeholder-text");
        rows.setPlaceholder(empty);

        SplitPane split = new SplitPane(rows, new RunDetailPane(model.detail()).root());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        BorderPane.setMargin(split, new Insets(10, 0, 0, 0));

        Node side = new WayInPane(wayIn).root();
        BorderPane.setMargin(side, new Insets(10, 0, 0, 12));
        root.setTop(toolbar());
        root.setCenter(split);
        root.setRight(side);
    }

    private VBox toolbar() {
        Label summary = new Label();
        summary.setId("room-summary");
        summary.getStyleClass().add("title-4");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        CheckBox stuck = new CheckBox("Stuck only");
        stuck.setId("room-stuck-only");
        stuck.setTooltip(new Tooltip("Only participants whose latest light is red or amber, with no green for the minutes beside it"));
        stuck.selectedProperty().bindBidirectional(model.stuckOnlyProperty());
        Spinner<Integer> minutes = new Spinner<>(0, 240, model.stuckMinutesProperty().get());
        minutes.setId("room-stuck-minutes");
        minutes.setEditable(true);
        minutes.setPrefWidth(80);
        minutes.valueProperty().addListener((o, was, now) -> model.stuckMinutesProperty().set(now));
        Label min = new Label("min");
        Button session = new Button("New session…");
        session.setId("room-new-session");
        session.setTooltip(new Tooltip("Start an empty room for a new workshop; the journal keeps every earlier run"));
        session.setOnAction(e -> {
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "The room will show only the runs from now on."
                    + " Every earlier run stays in the journal.", ButtonType.OK, ButtonType.CANCEL);
            confirm.setHeaderText("Start a new session?");
            confirm.initOwner(root.getScene().getWindow());
            confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> model.newSession());
        });
        MenuItem csv = new MenuItem("The room as CSV…");
        csv.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("room.csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File file = chooser.showSaveDialog(root.getScene().getWindow());
            if (file != null) {
                model.exportCsv(file.toPath());
            }
        });
        MenuItem journal = new MenuItem("The session as a journal export…");
        journal.setOnAction(e -> {
            File folder = new DirectoryChooser().showDialog(root.getScene().getWindow());
            if (folder != null) {
                model.exportSession(folder.toPath());
            }
        });
        MenuButton export = new MenuButton("Export", null, csv, journal);
        export.setId("room-export");
        HBox bar = new HBox(10, summary, spacer, stuck, minutes, min, session, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label notice = new Label();
        notice.setId("room-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("text-muted");
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isEmpty().not());
        notice.managedProperty().bind(notice.visibleProperty());
        return new VBox(6, bar, notice);
    }

    @Override
    public String title() {
        return "Room";
    }

    @Override
    public Node root() {
        return root;
    }

    public RoomViewModel viewModel() {
        return model;
    }
}
