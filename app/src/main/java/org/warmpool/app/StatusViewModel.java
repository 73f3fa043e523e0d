package org.warmpool.app;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.api.EngineSnapshot;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The status bar and the Docker banner: where clients connect, whether Docker answers, and what
 * a first start did.
 */
public final class StatusViewModel {
    private final ReadOnlyBooleanWrapper dockerAvailable = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper dockerProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final String webSocket;
    private final String http;
    private final String gatewayProblem;
    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper journalWell = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper noticeIsWarning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper firstStart = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper firstStartDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper firstStartDismissed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper firstStartShown = new ReadOnlyBooleanWrapper(false);

    public StatusViewModel(String webSocket, String http, String gatewayProblem) {
        this.webSocket = webSocket;
        this.http = http;
        this.gatewayProblem = gatewayProblem;
        firstStartShown.bind(firstStart.isNotEmpty().and(firstStartDismissed.not()));
    }

    public static StatusViewModel of(ConsoleContext context) {
        StatusViewModel model = new StatusViewModel(context.webSocketAddress(), context.httpAddress(), context.gatewayProblem());
        context.pump().listen((snapshot, events) -> {
            model.update(snapshot);
            model.noticeFrom(events);
            model.updateJournal(context.journal() == null ? null : context.journal().stats(), context.journalProblem());
            model.updateFirstStart(context.firstStart(), context.settingsFile());
        });
        model.updateJournal(context.journal() == null ? null : context.journal().stats(), context.journalProblem());
        model.updateFirstStart(context.firstStart(), context.settingsFile());
        return model;
    }

    /**
     * What the first start is doing or did, or nothing when the settings named the pools; call on
     * the FX thread.
     *
     * @param settingsFile where the chosen pools are saved ({@code null}: nowhere)
     */
    public void updateFirstStart(FirstStart first, Path settingsFile) {
        if (first == null) {
            firstStart.set("");
            firstStartDetail.set("");
            return;
        }
        String why = "The settings name no pools (" + first.reason() + "), so Warmpool starts pools for the"
                + " Warmpool-ready images Docker has, demo images first.";
        FirstStart.State state = first.state();
        if (state == FirstStart.State.DONE && first.chosen().getNow(null) == null) {
            state = FirstStart.State.CHOOSING; // the choice is being handed over this very moment
        }
        switch (state) {
            case WAITING_FOR_DOCKER -> {
                firstStart.set("First start: choosing pools once Docker answers …");
                firstStartDetail.set(why);
            }
            case CHOOSING -> {
                firstStart.set("First start: looking for Warmpool-ready images …");
                firstStartDetail.set(why);
            }
            case DONE -> {
                FirstStart.Choice choice = first.chosen().getNow(null);
                StringBuilder detail = new StringBuilder(capitalised(choice.announcement(settingsFile, settingsFile != null)) + ".");
                choice.notReady().forEach((image, lacks) -> detail.append("\nNo pool for ").append(image).append(": ").append(lacks));
                firstStartDetail.set(detail.toString());
                firstStart.set(choice.pools().isEmpty()
                        ? "First start: Docker has no Warmpool-ready image — build or load one (Images), then add a pool"
                        : "First start: started pools for " + String.join(", ", choice.pools().keySet()) + " (" + first.target()
                        + " ready each)" + (settingsFile == null ? "" : " — saved in the settings"));
            }
            case FAILED -> {
                String problem = problemOf(first);
                firstStart.set(problem.isEmpty() ? "" : "First start: could not choose pools — " + problem);
                firstStartDetail.set(problem.isEmpty() ? "" : why);
            }
        }
    }

    private static String problemOf(FirstStart first) {
        try {
            first.chosen().join();
            return "";
        } catch (CancellationException e) {
            return ""; // closed with the console
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            return cause instanceof CancellationException ? "" : String.valueOf(cause.getMessage());
        }
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "First start: started pools for warmpool/busybox, … (1 ready each) — saved in the settings"; empty when the settings named the pools. */
    public ReadOnlyStringProperty firstStartProperty() {
        return firstStart.getReadOnlyProperty();
    }

    /** The first start's whole story: why, which pools, where they are saved, which images got none and why. */
    public ReadOnlyStringProperty firstStartDetailProperty() {
        return firstStartDetail.getReadOnlyProperty();
    }

    /** True while there is a first start to tell of and the operator has not dismissed it. */
    public ReadOnlyBooleanProperty firstStartShownProperty() {
        return firstStartShown.getReadOnlyProperty();
    }

    /** Hides the first start's line for the rest of the session (the pools stay). */
    public void dismissFirstStart() {
        firstStartDismissed.set(true);
    }

    /** What the journal holds, or why it is not recording; call on the FX thread. */
    public void updateJournal(org.warmpool.engine.api.JournalStatus stats, String problem) {
        if (stats == null) {
            journal.set(problem.isEmpty() ? "Not recording (journal off)" : problem);
            journalWell.set(problem.isEmpty());
        } else if (!stats.problem().isEmpty()) {
            journal.set(stats.problem());
            journalWell.set(false);
        } else {
            journal.set(String.format("Journal %d runs · %.1f MB", stats.runs(), stats.bytes() / 1e6));
            journalWell.set(true);
        }
    }

    /** Shows the newest of the engine's notices among {@code events}, with its time; call on the FX thread. */
    public void noticeFrom(java.util.List<EngineEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof EngineEvent.Notice n) {
                String at = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                        .format(n.at().atZone(java.time.ZoneId.systemDefault()));
                notice.set(at + "  " + n.message());
                noticeIsWarning.set(n.level() == EngineEvent.Notice.Level.WARNING);
                return;
            }
        }
    }

    /** The newest thing the engine did by itself that an operator should know, e.g. "10:42:03  The Ruby runtime …"; empty when none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True when the newest notice is a warning (a fault the engine recovered from). */
    public ReadOnlyBooleanProperty noticeIsWarningProperty() {
        return noticeIsWarning.getReadOnlyProperty();
    }

    /** "Journal 120 runs · 1.4 MB", or why nothing is recorded. */
    public ReadOnlyStringProperty journalProperty() {
        return journal.getReadOnlyProperty();
    }

    /** False when recording was asked for and fails. */
    public ReadOnlyBooleanProperty journalWellProperty() {
        return journalWell.getReadOnlyProperty();
    }

    /** Applies a snapshot; call on the FX thread. */
    public void update(EngineSnapshot snapshot) {
        dockerAvailable.set(snapshot.dockerAvailable());
        dockerProblem.set(snapshot.dockerAvailable() ? "" : snapshot.dockerMessage()
                + " Warmpool keeps retrying and recovers by itself when Docker is back; runs are refused meanwhile.");
        int ready = snapshot.pools().stream().mapToInt(p -> p.ready()).sum();
        int running = snapshot.pools().stream().mapToInt(p -> p.running()).sum();
        summary.set(snapshot.pools().size() + " pools · " + ready + " ready · " + running + " running · "
                + snapshot.throttle().connections() + " connections · " + snapshot.runs() + " runs");
    }

    public ReadOnlyBooleanProperty dockerAvailableProperty() {
        return dockerAvailable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dockerProblemProperty() {
        return dockerProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public String webSocket() {
        return webSocket;
    }

    public String http() {
        return http;
    }

    /** Why clients cannot connect (e.g. the port is in use), with what to do; empty when they can. */
    public String gatewayProblem() {
        return gatewayProblem.isEmpty() ? "" : gatewayProblem
                + " — change the ports in " + org.warmpool.engine.config.Settings.defaultPath() + " and restart.";
    }
}
