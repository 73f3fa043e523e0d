package org.warmpool.app.throttle;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.warmpool.engine.api.Limits;
import org.warmpool.engine.api.ThrottleLimits;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Throttling tab's limits, editable live: one text field per limit, checked as an operator
 * would read them, applied through {@link Limits} (which keeps them in the settings). Limits
 * changed elsewhere fill the fields, unless the operator is editing them.
 */
public final class LimitsForm {
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

    private final Limits target;
    private final Supplier<ZoneId> zone;
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
    private final ReadOnlyObjectWrapper<ThrottleLimits> inForce;

    LimitsForm(Limits target, Supplier<ZoneId> zone) {
        this.target = target;
        this.zone = zone;
        this.inForce = new ReadOnlyObjectWrapper<>(target.current());
        fill(inForce.get());
        for (LimitField field : fields) {
            field.text.addListener((o, was, now) -> {
                field.error.set("");
                limitsError.set("");
                dirty.set(!matches(inForce.get()));
            });
        }
    }

    /** Limits seen in force (a snapshot's); fills the fields unless they are being edited. FX thread. */
    void seen(ThrottleLimits limits) {
        if (limits.equals(inForce.get())) {
            return;
        }
        boolean wasDirty = dirty.get();
        inForce.set(limits);
        if (!wasDirty) {
            fill(limits);
        }
        dirty.set(!matches(limits));
    }

    /**
     * Checks the fields and, when they make valid limits, applies them (and so saves them).
     * Problems are shown next to the fields; nothing is applied then.
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
        ThrottleLimits applied;
        try {
            applied = target.apply(new ThrottleLimits(connectionsValue, runsValue, perConnectionValue, queueValue, rateValue, burstValue));
        } catch (IllegalArgumentException e) {
            limitsError.set("Not applied: " + e.getMessage());
            return false;
        }
        inForce.set(applied);
        fill(applied);
        dirty.set(false);
        limitsMessage.set("Applied and saved at " + LocalTime.now(zone.get()).format(CLOCK) + ".");
        return true;
    }

    /** Puts the limits in force back into the fields. */
    public void revert() {
        fill(inForce.get());
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

    public List<LimitField> fields() {
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
    public ReadOnlyStringProperty errorProperty() {
        return limitsError.getReadOnlyProperty();
    }

    /** When the limits were last applied. */
    public ReadOnlyStringProperty messageProperty() {
        return limitsMessage.getReadOnlyProperty();
    }

    /** The fields differ from the limits in force. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** The limits in force. */
    public ReadOnlyObjectProperty<ThrottleLimits> inForceProperty() {
        return inForce.getReadOnlyProperty();
    }

    /** The limits in force. */
    public ThrottleLimits limits() {
        return inForce.get();
    }
}
