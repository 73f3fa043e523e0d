package org.warmpool.app;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.events.EngineEvent;
import org.warmpool.engine.events.EngineSnapshot;

/** The status bar and the Docker banner: where clients connect, and whether Docker answers. */
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

    public StatusViewModel(String webSocket, String http, String gatewayProblem) {
        this.webSocket = webSocket;
        this.http = http;
        this.gatewayProblem = gatewayProblem;
    }

    public static StatusViewModel of(ConsoleContext context) {
        StatusViewModel model = new StatusViewModel(context.webSocketAddress(), context.httpAddress(), context.gatewayProblem());
        context.pump().listen((snapshot, events) -> {
            model.update(snapshot);
            model.noticeFrom(events);
            model.updateJournal(context.journal() == null ? null : context.journal().stats(), context.journalProblem());
        });
        model.updateJournal(context.journal() == null ? null : context.journal().stats(), context.journalProblem());
        return model;
    }

    /** What the journal holds, or why it is not recording; call on the FX thread. */
    public void updateJournal(org.warmpool.engine.journal.Journal.Stats stats, String problem) {
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
