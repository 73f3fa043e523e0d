package org.warmpool.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.warmpool.app.about.AboutDialog;
import org.warmpool.app.about.AboutViewModel;

import java.util.List;

/** The console's frame: header, Docker banner, the tabs, and the status bar with the addresses. */
public final class MainWindow {
    private final AboutViewModel about;
    private final BorderPane root = new BorderPane();

    public MainWindow(StatusViewModel status, ThemeViewModel theme, AboutViewModel about, List<ConsoleView> views) {
        this.about = about;

        Label title = new Label(ConsoleApp.TITLE);
        title.setId("product-name");
        title.getStyleClass().add("title-2");
        Label subtitle = new Label("warm containers, instant traffic lights");
        subtitle.getStyleClass().add("text-muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button themeToggle = new Button();
        themeToggle.setId("theme-toggle");
        themeToggle.textProperty().bind(theme.toggleTextProperty());
        themeToggle.setOnAction(e -> theme.toggle());
        theme.themeProperty().addListener((o, was, now) -> applyTheme(now));
        Button aboutButton = new Button("_About");
        aboutButton.setId("about-button");
        aboutButton.setTooltip(new Tooltip("Version, build, Java, Docker and where settings live (F1)"));
        aboutButton.setOnAction(e -> showAbout());
        HBox header = new HBox(12, title, subtitle, spacer, themeToggle, aboutButton);
        header.setAlignment(Pos.BASELINE_LEFT);
        header.setPadding(new Insets(12, 16, 8, 16));

        Label dockerBanner = new Label();
        dockerBanner.setId("docker-banner");
        dockerBanner.setWrapText(true);
        dockerBanner.getStyleClass().addAll("banner", "danger");
        dockerBanner.setStyle("-fx-background-color: -color-danger-subtle; -fx-text-fill: -color-danger-fg; -fx-padding: 10 16;"
                + " -fx-font-size: 14px;");
        dockerBanner.setMaxWidth(Double.MAX_VALUE);
        dockerBanner.textProperty().bind(status.dockerProblemProperty());
        dockerBanner.visibleProperty().bind(status.dockerAvailableProperty().not());
        dockerBanner.managedProperty().bind(dockerBanner.visibleProperty());

        TabPane tabs = new TabPane();
        tabs.setId("views");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (ConsoleView view : views) {
            Tab tab = new Tab(view.title(), view.root());
            tab.setId("tab-" + view.title().toLowerCase(java.util.Locale.ROOT));
            tabs.getTabs().add(tab);
        }

        root.setTop(new VBox(header, dockerBanner));
        root.setCenter(tabs);
        root.setBottom(statusBar(status));
    }

    public Parent root() {
        return root;
    }

    /** Opens the About box (the About button, or F1). */
    public void showAbout() {
        AboutDialog.create(root.getScene().getWindow(), about, ConsoleApp.icon()).show();
    }

    /** The addresses, the journal and the counts; above them, while there is something to say, what a first start did. */
    private static VBox statusBar(StatusViewModel status) {
        HBox bar = new HBox(16);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 16, 6, 16));
        if (status.gatewayProblem().isEmpty()) {
            bar.getChildren().addAll(address(status.webSocketLine(), status.webSocket(), "copy-ws"),
                    address(status.httpLine(), status.http(), "copy-http"));
        } else {
            Label problem = new Label(status.gatewayProblem());
            problem.setId("gateway-problem");
            problem.setStyle("-fx-text-fill: -color-danger-fg;");
            bar.getChildren().add(problem);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("summary");
        summary.textProperty().bind(status.summaryProperty());
        Label journal = new Label();
        journal.setId("journal-status");
        journal.textProperty().bind(status.journalProperty());
        journal.styleProperty().bind(javafx.beans.binding.Bindings.when(status.journalWellProperty())
                .then("-fx-text-fill: -color-fg-muted;").otherwise("-fx-text-fill: -color-danger-fg;"));
        Label notice = new Label();
        notice.setId("engine-notice");
        notice.setPadding(new Insets(6, 16, 0, 16));
        notice.textProperty().bind(status.noticeProperty());
        notice.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> status.noticeProperty().get().isEmpty() ? null : new Tooltip(status.noticeProperty().get()),
                status.noticeProperty()));
        notice.styleProperty().bind(javafx.beans.binding.Bindings.when(status.noticeIsWarningProperty())
                .then("-fx-text-fill: -color-warning-fg;").otherwise("-fx-text-fill: -color-fg-muted;"));
        notice.visibleProperty().bind(status.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        bar.getChildren().addAll(spacer, journal, summary);
        // Lines of their own: in the row they squeezed the addresses.
        VBox statusBar = new VBox(firstStartLine(status), notice, bar);
        statusBar.setId("status-bar");
        statusBar.setStyle("-fx-border-color: -color-border-default transparent transparent transparent;");
        return statusBar;
    }

    /** "First start: started pools for …", its whole story in the tooltip, until dismissed. */
    private static HBox firstStartLine(StatusViewModel status) {
        Label text = new Label();
        text.setId("first-start");
        text.textProperty().bind(status.firstStartProperty());
        text.setStyle("-fx-text-fill: -color-accent-fg;");
        Tooltip detail = new Tooltip();
        detail.textProperty().bind(status.firstStartDetailProperty());
        detail.setWrapText(true);
        detail.setMaxWidth(640);
        text.setTooltip(detail);
        Button dismiss = new Button("Dismiss");
        dismiss.setId("first-start-dismiss");
        dismiss.getStyleClass().addAll("small", "flat");
        dismiss.setTooltip(new Tooltip("Hide this line (the pools stay; change them in Pools)"));
        dismiss.setOnAction(e -> status.dismissFirstStart());
        HBox line = new HBox(8, text, dismiss);
        line.setId("first-start-line");
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(6, 16, 0, 16));
        line.visibleProperty().bind(status.firstStartShownProperty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private static HBox address(String line, String url, String id) {
        Label label = new Label(line);
        label.setStyle("-fx-font-family: monospace;");
        Button copy = new Button("Copy");
        copy.setId(id);
        copy.getStyleClass().addAll("small", "flat");
        copy.setTooltip(new Tooltip("Copy " + url + " to the clipboard"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(url);
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox box = new HBox(6, label, copy);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** AtlantaFX Primer light or dark for the whole application. */
    public static void applyTheme(String theme) {
        Application.setUserAgentStylesheet(ThemeViewModel.DARK.equals(theme)
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }
}
