package org.warmpool.app;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.SaverStatus;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The status bar and the Docker banner: where clients connect, whether Docker answers, what the
 * journal holds, what a first start did, and the engine's newest notice. Fed a frame at a time
 * ({@link #update(EngineSnapshot, List)}, FX thread); asks its ports only for what frames do not carry.
 */
public final class StatusViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final JournalQueries journalQueries;
    private final Supplier<Optional<FirstStartStatus>> firstStartStatus;
    private final ZoneId zone;
    private final String webSocket;
    private final String http;
    private final String gatewayProblem;
    private final ReadOnlyBooleanWrapper dockerAvailable = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper dockerProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper journalWell = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper noticeIsWarning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper firstStart = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper firstStartDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper firstStartDismissed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper firstStartShown = new ReadOnlyBooleanWrapper(false);

    /**
     * @param addresses    where clients connect, or why they cannot (read once: the gateway opens with the engine)
     * @param journal      what the journal holds
     * @param firstStart   what a first start is doing ({@code Warmpool::firstStart})
     * @param settingsFile where the ports are set, for the advice when they are in use
     */
    public StatusViewModel(Addresses addresses, JournalQueries journal, Supplier<Optional<FirstStartStatus>> firstStart,
                           Path settingsFile) {
        this(addresses, journal, firstStart, settingsFile, ZoneId.systemDefault());
    }

    StatusViewModel(Addresses addresses, JournalQueries journal, Supplier<Optional<FirstStartStatus>> firstStart,
                    Path settingsFile, ZoneId zone) {
        this.journalQueries = journal;
        this.firstStartStatus = firstStart;
        this.zone = zone;
        this.webSocket = addresses.webSocket().map(URI::toString).orElse("");
        this.http = addresses.http().map(URI::toString).orElse("");
        this.gatewayProblem = addresses.problem().isEmpty() ? ""
                : "Clients cannot connect: " + addresses.problem() + " — change the ports in " + settingsFile + " and restart.";
        firstStartShown.bind(this.firstStart.isNotEmpty().and(firstStartDismissed.not()));
        showJournal(journal.status(), journal.saver());
        showFirstStart(firstStart.get().orElse(null));
    }

    /** One frame: the snapshot and the events since the last; call on the FX thread. */
    public void update(EngineSnapshot snapshot, List<EngineEvent> events) {
        update(snapshot);
        noticeFrom(events);
        showJournal(journalQueries.status(), journalQueries.saver());
        showFirstStart(firstStartStatus.get().orElse(null));
    }

    /** Docker's health and the counts of a snapshot; call on the FX thread. */
    public void update(EngineSnapshot snapshot) {
        dockerAvailable.set(snapshot.dockerAvailable());
        dockerProblem.set(snapshot.dockerAvailable() ? "" : snapshot.dockerMessage()
                + " Warmpool keeps retrying and recovers by itself when Docker is back; runs are refused meanwhile.");
        int ready = snapshot.pools().stream().mapToInt(PoolSnapshot::ready).sum();
        int running = snapshot.pools().stream().mapToInt(PoolSnapshot::running).sum();
        summary.set(snapshot.pools().size() + " pools · " + ready + " ready · " + running + " running · "
                + snapshot.throttle().connections() + " connections · " + snapshot.runs() + " runs");
    }

    /** Shows the newest of the engine's notices among {@code events}, with its time; call on the FX thread. */
    public void noticeFrom(List<EngineEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof EngineEvent.Notice n) {
                notice.set(CLOCK.format(n.at().atZone(zone)) + "  " + n.message());
                noticeIsWarning.set(n.level() == EngineEvent.Notice.Level.WARNING);
                return;
            }
        }
    }

    private void showJournal(JournalStatus status, Optional<SaverStatus> saver) {
        String text;
        boolean well;
        if (!status.recording()) {
            text = status.problem().isEmpty() ? "Not recording (journal off)" : status.problem();
            well = status.problem().isEmpty();
        } else if (!status.problem().isEmpty()) {
            text = status.problem();
            well = false;
        } else {
            text = String.format("Journal %d runs · %.1f MB", status.runs(), status.bytes() / 1e6);
            well = true;
        }
        if (saver.isPresent()) {
            text += " · " + saverLine(saver.get());
            well &= saver.get().problem().isEmpty();
        }
        journal.set(text);
        journalWell.set(well);
    }

    /** "Saver 3 waiting, 1 rejected", and what is wrong when something is. */
    static String saverLine(SaverStatus s) {
        if (s.url() == null) {
            return s.problem();
        }
        String line = "Saver " + (s.pending() == 0 ? "up to date" : s.pending() + " waiting" + (s.journalled() ? "" : " in memory"));
        if (s.rejected() > 0) {
            line += ", " + s.rejected() + " rejected";
        }
        if (s.failed() + s.dropped() > 0) {
            line += ", " + (s.failed() + s.dropped()) + " lost";
        }
        return s.problem().isEmpty() ? line : line + " — " + s.problem();
    }

    private void showFirstStart(FirstStartStatus first) {
        if (first == null) {
            firstStart.set("");
            firstStartDetail.set("");
            return;
        }
        String why = "The settings name no pools (" + first.reason() + "), so Warmpool starts pools for the"
                + " Warmpool-ready images Docker has, demo images first.";
        switch (first.state()) {
            case WAITING_FOR_DOCKER -> {
                firstStart.set("First start: choosing pools once Docker answers …");
                firstStartDetail.set(why);
            }
            case CHOOSING -> {
                firstStart.set("First start: looking for Warmpool-ready images …");
                firstStartDetail.set(why);
            }
            case DONE -> {
                StringBuilder detail = new StringBuilder(announcement(first)).append('.');
                first.notReady().forEach((image, lacks) -> detail.append("\nNo pool for ").append(image).append(": ").append(lacks));
                firstStartDetail.set(detail.toString());
                firstStart.set(first.pools().isEmpty()
                        ? "First start: Docker has no Warmpool-ready image — build or load one (Images), then add a pool"
                        : "First start: started pools for " + String.join(", ", first.pools().keySet()) + " (" + first.target()
                        + " ready each)" + (first.savedIn() == null ? "" : " — saved in the settings"));
            }
            case FAILED -> {
                firstStart.set(first.problem().isEmpty() ? "" : "First start: could not choose pools — " + first.problem());
                firstStartDetail.set(first.problem().isEmpty() ? "" : why);
            }
        }
    }

    /** "First start: no settings file, so pools for warmpool/busybox=1, … — edit or remove them in FILE". */
    private static String announcement(FirstStartStatus first) {
        if (first.pools().isEmpty()) {
            return "First start: " + first.reason() + ", and Docker has no Warmpool-ready image, so no pools — build the demo"
                    + " images (./warmpool doctor) or load a workshop's (docker load -i FILE.tar), then add pools";
        }
        String pools = first.pools().entrySet().stream().map((Map.Entry<String, Integer> e) -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return "First start: " + first.reason() + ", so pools for " + pools
                + (first.savedIn() == null ? " — not saved" : " — edit or remove them in " + first.savedIn());
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

    /** The newest thing the engine did by itself that an operator should know, e.g. "10:42:03  The Ruby runtime …"; empty when none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True when the newest notice is a warning (a fault the engine recovered from). */
    public ReadOnlyBooleanProperty noticeIsWarningProperty() {
        return noticeIsWarning.getReadOnlyProperty();
    }

    /** "Journal 120 runs · 1.4 MB" (and the saver's line when there is one), or why nothing is recorded. */
    public ReadOnlyStringProperty journalProperty() {
        return journal.getReadOnlyProperty();
    }

    /** False when recording was asked for and fails. */
    public ReadOnlyBooleanProperty journalWellProperty() {
        return journalWell.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dockerAvailableProperty() {
        return dockerAvailable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dockerProblemProperty() {
        return dockerProblem.getReadOnlyProperty();
    }

    /** "2 pools · 3 ready · 1 running · 4 connections · 120 runs". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** {@code ws://127.0.0.1:4598/}; empty when the gateway is not open. */
    public String webSocket() {
        return webSocket;
    }

    /** {@code http://127.0.0.1:4597}; empty when the gateway is not open. */
    public String http() {
        return http;
    }

    /** "WebSocket  ws://127.0.0.1:4598/". */
    public String webSocketLine() {
        return "WebSocket  " + webSocket;
    }

    /** "HTTP  http://127.0.0.1:4597". */
    public String httpLine() {
        return "HTTP  " + http;
    }

    /** "Clients cannot connect: … — change the ports in FILE and restart."; empty when they can. */
    public String gatewayProblem() {
        return gatewayProblem;
    }
}
