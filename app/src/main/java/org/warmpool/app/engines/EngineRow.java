package org.warmpool.app.engines;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One Docker engine as its card shows it: the card's view model, updated from snapshots on the FX thread. */
public final class EngineRow {
    /** Said instead of an address for the one engine used when none is named. */
    public static final String LOCAL = "this machine's Docker (DOCKER_HOST, else /var/run/docker.sock)";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String name;
    private final ReadOnlyStringWrapper uri = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper up = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper since = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper capacity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper containers = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper runs = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper missing = new ReadOnlyStringWrapper("");
    private EngineStatus last;
    private Instant changedAt;
    private boolean everSeen;

    EngineRow(String name) {
        this.name = name;
    }

    /** Its up or down since {@code at}, as an event told (exactly when it happened). */
    void turned(boolean nowUp, Instant at) {
        if (!everSeen || up.get() != nowUp) {
            up.set(nowUp);
            changedAt = at;
            everSeen = true;
        }
    }

    void update(EngineStatus status, Instant now, ZoneId zone) {
        last = status;
        // A change the events did not tell (they were dropped in a burst): dated by this snapshot.
        turned(status.up(), now);
        uri.set(status.uri().equals(status.name()) ? LOCAL : status.uri()); // none named: the engine says only "local"
        health.set(status.up() ? "up" : "down");
        since.set("since " + CLOCK.format(changedAt.atZone(zone)) + " · " + forHowLong(Duration.between(changedAt, now)));
        version.set(status.version().isEmpty() ? "Docker: not known yet (it has not answered)" : "Docker " + status.version());
        capacity.set(status.cores() == 0 ? "cores and memory: not known yet"
                : status.cores() + (status.cores() == 1 ? " core" : " cores") + " · " + memory(status.memoryBytes()));
        containers.set(containersText(status));
        runs.set(String.format(Locale.ROOT, "%.1f runs/s", status.runsPerSecond()) + " · " + status.runs()
                + (status.runs() == 1 ? " run" : " runs") + " so far");
        lastError.set(status.lastError().isEmpty() ? ""
                : (status.up() ? "last error (it came back): " : "error: ") + status.lastError());
        missing.set(status.missing().isEmpty() ? ""
                : "lacks " + String.join(", ", status.missing())
                + " — its share of " + (status.missing().size() == 1 ? "that pool" : "those pools")
                + " goes to the other engines (Images: Copy to engine…)");
    }

    /** "ready 2 · starting 1 · claimed 0 · running 1 · recycling 0 · retiring 0" (Warmpool's containers there now). */
    static String containersText(EngineStatus status) {
        StringBuilder text = new StringBuilder();
        for (ContainerPhase phase : ContainerPhase.values()) {
            if (phase == ContainerPhase.GONE) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(" · ");
            }
            text.append(phase.name().toLowerCase(Locale.ROOT)).append(' ').append(status.count(phase));
        }
        return text.toString();
    }

    /** "7.8 GB", "512 MB" ({@code docker info}'s MemTotal). */
    static String memory(long bytes) {
        double gb = bytes / (1024.0 * 1024 * 1024);
        return gb >= 1 ? String.format(Locale.ROOT, "%.1f GB", gb) : (bytes / (1024 * 1024)) + " MB";
    }

    /** "just now", "40 s", "3 min", "2 h 5 min". */
    static String forHowLong(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 1) {
            return "just now";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    /** The engine's short name: a context's, {@code host:port}, a socket's path, or {@code local}. */
    public String name() {
        return name;
    }

    /** The latest status of this engine. */
    public EngineStatus status() {
        return last;
    }

    /** As the operator named it: {@code unix:///var/run/docker.sock}, {@code tcp://…}, {@code context:…}. */
    public ReadOnlyStringProperty uriProperty() {
        return uri.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty upProperty() {
        return up.getReadOnlyProperty();
    }

    /** "up" or "down". */
    public ReadOnlyStringProperty healthProperty() {
        return health.getReadOnlyProperty();
    }

    /** "since 18:02:11 · 3 min": when it last went up or down (or was first seen). */
    public ReadOnlyStringProperty sinceProperty() {
        return since.getReadOnlyProperty();
    }

    /** "Docker 24.0.5". */
    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** "4 cores · 7.8 GB". */
    public ReadOnlyStringProperty capacityProperty() {
        return capacity.getReadOnlyProperty();
    }

    /** Warmpool's containers there, by phase. */
    public ReadOnlyStringProperty containersProperty() {
        return containers.getReadOnlyProperty();
    }

    /** "1.2 runs/s · 340 runs so far". */
    public ReadOnlyStringProperty runsProperty() {
        return runs.getReadOnlyProperty();
    }

    /** Why it does not answer, or why it last did not; empty when it never failed. */
    public ReadOnlyStringProperty lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    /** The pools' images it lacks, and what that means; empty when it has them all. */
    public ReadOnlyStringProperty missingProperty() {
        return missing.getReadOnlyProperty();
    }
}
