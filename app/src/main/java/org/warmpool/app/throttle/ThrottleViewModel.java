package org.warmpool.app.throttle;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Limits;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Throttling tab: who is connected, what is in flight and waiting, which submissions were
 * turned away and why — now and over the last five minutes — and the limits, editable live.
 * Engine data arrives only through {@link #update(EngineSnapshot)}; the limits are a
 * {@link LimitsForm} of their own.
 */
public final class ThrottleViewModel {
    /** How far back the charts reach. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** One point per this much time: 150 points per series over the window. */
    public static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    /** Rejection reasons by wire name, in the order they are shown. */
    public static final List<String> REASONS = List.of("rate", "per_connection", "queue_full", "connections");

    /**
     * One point of history.
     *
     * @param rejected submissions turned away since the previous sample, by reason (every reason present)
     */
    public record Sample(Instant at, int connections, int inFlight, int queued, Map<String, Long> rejected) {
        public Sample {
            rejected = Map.copyOf(rejected);
        }

        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How the tab should feel at a glance. */
    public enum Mood { CALM, BUSY, TURNING_AWAY }

    private final LimitsForm form;
    private final ReadOnlyIntegerWrapper connections = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper inFlight = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper queued = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper connectionsOf = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper inFlightOf = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper queuedOf = new ReadOnlyStringWrapper("");
    private final Map<String, ReadOnlyLongWrapper> rejectedTotal = new LinkedHashMap<>();
    private final Map<String, ReadOnlyLongWrapper> rejectedRecent = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No submissions turned away");
    private final ReadOnlyStringWrapper headlineDetail = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyObjectWrapper<Mood> mood = new javafx.beans.property.ReadOnlyObjectWrapper<>(Mood.CALM);
    private final ObservableList<Sample> history = FXCollections.observableArrayList();
    private final ObservableList<Sample> historyView = FXCollections.unmodifiableObservableList(history);
    private final ReadOnlyDoubleWrapper windowEnd = new ReadOnlyDoubleWrapper(WINDOW.toSeconds());
    private final ReadOnlyLongWrapper peakRejectedPerSample = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper peakLoad = new ReadOnlyIntegerWrapper();

    private Instant origin;
    private Map<String, Long> totalsAtLastSample;
    private Map<String, Long> latestTotals = Map.of();

    /** @param limits the limits in force, and where new ones are applied (and saved) */
    public ThrottleViewModel(Limits limits) {
        this(limits, ZoneId::systemDefault);
    }

    ThrottleViewModel(Limits limits, Supplier<ZoneId> zone) {
        for (String reason : REASONS) {
            rejectedTotal.put(reason, new ReadOnlyLongWrapper());
            rejectedRecent.put(reason, new ReadOnlyLongWrapper());
        }
        this.form = new LimitsForm(limits, zone);
        form.inForceProperty().addListener((o, was, now) -> describeCapacity(now));
        describeCapacity(form.limits());
    }

    /** Applies a snapshot; call on the FX thread. */
    public void update(EngineSnapshot snapshot) {
        update(snapshot.throttle(), snapshot.at());
    }

    /** Applies admission counts observed at {@code at}; call on the FX thread. */
    public void update(ThrottleSnapshot throttle, Instant at) {
        connections.set(throttle.connections());
        inFlight.set(throttle.inFlight());
        queued.set(throttle.queued());
        latestTotals = throttle.rejections();
        for (String reason : REASONS) {
            rejectedTotal.get(reason).set(throttle.rejections().getOrDefault(reason, 0L));
        }
        form.seen(throttle.limits());
        if (origin == null) {
            origin = at;
            totalsAtLastSample = throttle.rejections();
            Map<String, Long> none = new LinkedHashMap<>();
            REASONS.forEach(r -> none.put(r, 0L));
            addSample(new Sample(at, throttle.connections(), throttle.inFlight(), throttle.queued(), none));
        } else if (!at.isBefore(history.get(history.size() - 1).at().plus(SAMPLE_EVERY))) {
            Map<String, Long> delta = new LinkedHashMap<>();
            for (String reason : REASONS) {
                long d = throttle.rejections().getOrDefault(reason, 0L) - totalsAtLastSample.getOrDefault(reason, 0L);
                delta.put(reason, Math.max(0, d));
            }
            totalsAtLastSample = throttle.rejections();
            addSample(new Sample(at, throttle.connections(), throttle.inFlight(), throttle.queued(), delta));
        }
        summarise();
    }

    private void addSample(Sample sample) {
        Instant oldest = sample.at().minus(WINDOW);
        int drop = 0;
        while (drop < history.size() && history.get(drop).at().isBefore(oldest)) {
            drop++;
        }
        if (drop > 0) {
            history.remove(0, drop);
        }
        history.add(sample);
        windowEnd.set(secondsOf(sample.at()));
        peakRejectedPerSample.set(history.stream().mapToLong(Sample::rejectedTotal).max().orElse(0));
        peakLoad.set(history.stream().mapToInt(s -> Math.max(s.connections(), Math.max(s.inFlight(), s.queued()))).max().orElse(0));
    }

    /** Recent totals and the headline: the first thing a facilitator reads. */
    private void summarise() {
        long recentAll = 0;
        String worst = null;
        long worstCount = 0;
        for (String reason : REASONS) {
            long recent = history.stream().mapToLong(s -> s.rejected().getOrDefault(reason, 0L)).sum()
                    + Math.max(0, latestTotals.getOrDefault(reason, 0L) - totalsAtLastSample.getOrDefault(reason, 0L));
            rejectedRecent.get(reason).set(recent);
            recentAll += recent;
            if (recent > worstCount) {
                worst = reason;
                worstCount = recent;
            }
        }
        if (recentAll > 0) {
            mood.set(Mood.TURNING_AWAY);
            headline.set(recentAll + (recentAll == 1 ? " submission" : " submissions") + " turned away in the last 5 minutes");
            headlineDetail.set("Mostly " + label(worst).toLowerCase(Locale.ROOT) + ": " + advice(worst));
        } else if (queued.get() > 0) {
            mood.set(Mood.BUSY);
            headline.set(queued.get() + " waiting for a run slot");
            headlineDetail.set("Every run slot is busy; waiting submissions start in order as slots free up.");
        } else {
            mood.set(Mood.CALM);
            long ever = rejectedTotal.values().stream().mapToLong(ReadOnlyLongWrapper::get).sum();
            headline.set("No submissions turned away in the last 5 minutes");
            headlineDetail.set(ever == 0 ? "Every submission so far was admitted."
                    : ever + " turned away earlier; none recently.");
        }
    }

    /** A reason's name on screen. */
    public static String label(String reason) {
        return switch (reason) {
            case "rate" -> "Rate";
            case "per_connection" -> "Per connection";
            case "queue_full" -> "Queue full";
            case "connections" -> "Connections";
            default -> reason;
        };
    }

    /** What a reason means and which limit to raise if it is unwanted. */
    public static String advice(String reason) {
        return switch (reason) {
            case "rate" -> "clients send faster than the rate limit allows (raise rate or burst).";
            case "per_connection" -> "clients send again before their result is back (raise per connection).";
            case "queue_full" -> "every run slot is busy and the queue is full (raise concurrent runs or queue capacity).";
            case "connections" -> "more clients than max connections tried to connect.";
            default -> "";
        };
    }

    private void describeCapacity(ThrottleLimits l) {
        connectionsOf.set("of " + l.maxConnections() + " allowed");
        inFlightOf.set("of " + (l.maxConcurrentRuns() + l.queueCapacity()) + " (" + l.maxConcurrentRuns() + " running + "
                + l.queueCapacity() + " waiting)");
        queuedOf.set("of " + l.queueCapacity() + " places");
    }

    /** A sample's position on the charts' time axis: seconds since this tab first saw the engine. */
    public double secondsOf(Instant at) {
        return origin == null ? 0 : Duration.between(origin, at).toMillis() / 1000.0;
    }

    public ReadOnlyIntegerProperty connectionsProperty() {
        return connections.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty inFlightProperty() {
        return inFlight.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty queuedProperty() {
        return queued.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionsOfProperty() {
        return connectionsOf.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty inFlightOfProperty() {
        return inFlightOf.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty queuedOfProperty() {
        return queuedOf.getReadOnlyProperty();
    }

    /** Rejections since the engine started, for one reason. */
    public ReadOnlyLongProperty rejectedTotalProperty(String reason) {
        return rejectedTotal.get(reason).getReadOnlyProperty();
    }

    /** Rejections within the chart's window, for one reason. */
    public ReadOnlyLongProperty rejectedRecentProperty(String reason) {
        return rejectedRecent.get(reason).getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineDetailProperty() {
        return headlineDetail.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Mood> moodProperty() {
        return mood.getReadOnlyProperty();
    }

    /** The last {@link #WINDOW} of samples, oldest first (read-only). */
    public ObservableList<Sample> history() {
        return historyView;
    }

    /** The newest sample's position on the time axis; the window is [end - 300, end]. */
    public ReadOnlyDoubleProperty windowEndProperty() {
        return windowEnd.getReadOnlyProperty();
    }

    /** The largest number of rejections in one sample within the window (for the chart's scale). */
    public ReadOnlyLongProperty peakRejectedPerSampleProperty() {
        return peakRejectedPerSample.getReadOnlyProperty();
    }

    /** The largest of connections, in flight and queued within the window (for the chart's scale). */
    public ReadOnlyIntegerProperty peakLoadProperty() {
        return peakLoad.getReadOnlyProperty();
    }

    /** The limits, editable live. */
    public LimitsForm form() {
        return form;
    }
}
