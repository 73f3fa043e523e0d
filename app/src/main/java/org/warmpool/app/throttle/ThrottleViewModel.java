package org.warmpool.app.throttle;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.app.ConsoleContext;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Throttling tab: who is connected, what is in flight and waiting, which submissions were
 * turned away and why — now and over the last five minutes — and the limits, editable live.
 * Engine data arrives only through {@link #update(EngineSnapshot)}; limits leave only through
 * the {@link LimitsTarget}.
 */
public final class ThrottleViewModel {
    /** How far back the charts reach. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** One point per this much time: 150 points per series over the window. */
    public static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    /** Rejection reasons by wire name, in the order they are shown. */
    public static final List<String> REASONS = List.of("rate", "per_connection", "queue_full", "connections");

    /** Applies limits (engine first, then the settings file); throws IllegalArgumentException to refuse them. */
    @FunctionalInterface
    public interface LimitsTarget {
        void apply(ThrottleLimits limits);
    }

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

    /** One editable limit: the text in its field and what is wrong with it. */
    public static final class LimitField {
        private final String name;
        private final String hint;
        private final StringProperty text = new SimpleStringProperty("");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

        LimitField(String name, String hint) {
            this.name = name;
            this.hint = hint;
        }

        public String name() {
            return name;
        }

        /** What the limit does, in an operator's words. */
        public String hint() {
            return hint;
        }

        public StringProperty textProperty() {
            return text;
        }

        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final LimitsTarget target;
    private final Supplier<ZoneId> zone;
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

    private final LimitField maxConnections = new LimitField("Max connections", "WebSocket clients at once");
    private final LimitField maxConcurrentRuns = new LimitField("Concurrent runs", "runs executing at once, all clients together");
    private final LimitField perConnection = new LimitField("Per connection", "running or waiting, per client");
    private final LimitField queueCapacity = new LimitField("Queue capacity", "may wait for a run slot (0: none wait)");
    private final LimitField ratePerSecond = new LimitField("Rate per second", "sustained submissions per second, per client");
    private final LimitField burst = new LimitField("Burst", "sent at once before the rate applies");
    private final List<LimitField> fields = List.of(maxConnections, maxConcurrentRuns, perConnection, queueCapacity, ratePerSecond, burst);
    private final ReadOnlyStringWrapper limitsError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper limitsMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);

    private ThrottleLimits current;
    private Instant origin;
    private Map<String, Long> totalsAtLastSample;
    private Map<String, Long> latestTotals = Map.of();

    public ThrottleViewModel(ThrottleLimits initial, LimitsTarget target) {
        this(initial, target, ZoneId::systemDefault);
    }

    ThrottleViewModel(ThrottleLimits initial, LimitsTarget target, Supplier<ZoneId> zone) {
        this.target = target;
        this.zone = zone;
        for (String reason : REASONS) {
            rejectedTotal.put(reason, new ReadOnlyLongWrapper());
            rejectedRecent.put(reason, new ReadOnlyLongWrapper());
        }
        this.current = initial;
        fill(initial);
        for (LimitField field : fields) {
            field.text.addListener((o, was, now) -> {
                field.error.set("");
                limitsError.set("");
                dirty.set(!matches(current));
            });
        }
        describeCapacity(initial);
    }

    /** Wires the tab to a running console: snapshots from the pump; limits into the engine and the settings file. */
    public static ThrottleViewModel of(ConsoleContext context) {
        ThrottleViewModel model = new ThrottleViewModel(context.engine().admission().limits(), limits -> {
            context.engine().setLimits(limits);
            context.settings().limits = Settings.Limits.of(limits);
            context.saveSettings();
        });
        context.pump().listen((snapshot, events) -> model.update(snapshot));
        return model;
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
        if (!throttle.limits().equals(current)) {
            boolean wasDirty = dirty.get();
            current = throttle.limits();
            if (!wasDirty) {
                fill(current);
            }
            dirty.set(!matches(current));
        }
        describeCapacity(current);
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

    /**
     * Checks the fields and, when they make valid limits, applies them to the engine and saves
     * them. Problems are shown next to the fields; nothing is applied then.
     *
     * @return whether the limits were applied
     */
    public boolean apply() {
        limitsError.set("");
        limitsMessage.set("");
        Integer connectionsValue = whole(maxConnections, 1);
        Integer runsValue = whole(maxConcurrentRuns, 1);
        Integer perConnectionValue = whole(perConnection, 1);
        Integer queueValue = whole(queueCapacity, 0);
        Double rateValue = rate(ratePerSecond);
        Integer burstValue = whole(burst, 1);
        if (connectionsValue == null || runsValue == null || perConnectionValue == null || queueValue == null
                || rateValue == null || burstValue == null) {
            limitsError.set("Not applied: correct the marked fields.");
            return false;
        }
        ThrottleLimits limits;
        try {
            limits = new ThrottleLimits(connectionsValue, runsValue, perConnectionValue, queueValue, rateValue, burstValue);
            target.apply(limits);
        } catch (IllegalArgumentException e) {
            limitsError.set("Not applied: " + e.getMessage());
            return false;
        }
        current = limits;
        fill(limits);
        dirty.set(false);
        describeCapacity(limits);
        limitsMessage.set("Applied and saved at " + LocalTime.now(zone.get()).format(CLOCK) + ".");
        return true;
    }

    /** Puts the limits in force back into the fields. */
    public void revert() {
        fill(current);
        limitsError.set("");
        dirty.set(false);
    }

    /** Fills the fields with the defaults (not applied until {@link #apply()}). */
    public void fillDefaults() {
        fill(ThrottleLimits.defaults());
    }

    private Integer whole(LimitField field, int min) {
        String text = field.text.get() == null ? "" : field.text.get().trim();
        try {
            int value = Integer.parseInt(text);
            if (value < min) {
                field.error.set(min == 0 ? "0 or more" : "at least " + min);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            field.error.set(text.isEmpty() ? "required" : "a whole number, not \"" + text + "\"");
            return null;
        }
    }

    private Double rate(LimitField field) {
        String text = field.text.get() == null ? "" : field.text.get().trim().replace(',', '.');
        try {
            double value = Double.parseDouble(text);
            if (!(value > 0) || Double.isInfinite(value)) {
                field.error.set("more than 0");
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            field.error.set(text.isEmpty() ? "required" : "a number, not \"" + text + "\"");
            return null;
        }
    }

    private void fill(ThrottleLimits l) {
        List<String> texts = texts(l);
        for (int i = 0; i < fields.size(); i++) {
            fields.get(i).text.set(texts.get(i));
        }
        fields.forEach(f -> f.error.set(""));
    }

    private boolean matches(ThrottleLimits l) {
        List<String> texts = texts(l);
        for (int i = 0; i < fields.size(); i++) {
            if (!texts.get(i).equals(String.valueOf(fields.get(i).text.get()).trim())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> texts(ThrottleLimits l) {
        List<String> texts = new ArrayList<>();
        texts.add(Integer.toString(l.maxConnections()));
        texts.add(Integer.toString(l.maxConcurrentRuns()));
        texts.add(Integer.toString(l.perConnectionConcurrency()));
        texts.add(Integer.toString(l.queueCapacity()));
        texts.add(formatRate(l.ratePerSecond()));
        texts.add(Integer.toString(l.burst()));
        return texts;
    }

    static String formatRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
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

    public List<LimitField> limitFields() {
        return fields;
    }

    public LimitField maxConnections() {
        return maxConnections;
    }

    public LimitField maxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    public LimitField perConnection() {
        return perConnection;
    }

    public LimitField queueCapacity() {
        return queueCapacity;
    }

    public LimitField ratePerSecond() {
        return ratePerSecond;
    }

    public LimitField burst() {
        return burst;
    }

    /** Why the last apply was refused; empty when it was not. */
    public ReadOnlyStringProperty limitsErrorProperty() {
        return limitsError.getReadOnlyProperty();
    }

    /** When the limits were last applied. */
    public ReadOnlyStringProperty limitsMessageProperty() {
        return limitsMessage.getReadOnlyProperty();
    }

    /** The fields differ from the limits in force. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** The limits in force. */
    public ThrottleLimits limits() {
        return current;
    }
}
