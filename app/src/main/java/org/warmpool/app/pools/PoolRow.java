package org.warmpool.app.pools;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolRange;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One pool as its card shows it: the card's view model, updated from snapshots on the FX thread. */
public final class PoolRow {
    /** Samples kept for the chart: one a second for five minutes. */
    static final int HISTORY = 300;

    /** One chart sample. */
    public record Sample(long epochSecond, int ready, int running) {
    }

    private final String image;
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper target = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper ready = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper starts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper latency = new ReadOnlyStringWrapper("");
    private final Map<Outcome, ReadOnlyStringWrapper> outcomes = new EnumMap<>(Outcome.class);
    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preparation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper shares = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sharesDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper auto = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper("fixed");
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper advice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper applyDisabled = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper applyMeaning = new ReadOnlyStringWrapper("");
    private final ObservableList<Sample> history = FXCollections.observableArrayList();
    private final ObservableList<Sample> readOnlyHistory = FXCollections.unmodifiableObservableList(history);
    private PoolSnapshot last;

    PoolRow(String image) {
        this.image = image;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new ReadOnlyStringWrapper(outcomeText(o, 0)));
        }
    }

    /** "red 3", "timed out 0". */
    static String outcomeText(Outcome outcome, long runs) {
        return outcome.wireName().replace('_', ' ') + " " + runs;
    }

    /** A pool on one engine (or engines not told apart). */
    void update(PoolSnapshot p, long epochSecond) {
        update(p, epochSecond, List.of());
    }

    /** A pool and, when there are several, the engines it is spread over. */
    void update(PoolSnapshot p, long epochSecond, List<EngineStatus> engines) {
        last = p;
        shares.set(engines.size() < 2 ? "" : sharesText(p, engines));
        sharesDetail.set(engines.size() < 2 ? "" : sharesDetail(p, engines));
        state.set(p.state().wireName());
        problem.set(p.problem());
        target.set(p.target());
        ready.set(p.ready());
        counts.set("ready " + p.ready() + " · starting " + p.starting() + " · running " + p.running() + " · retiring " + p.retiring());
        starts.set(p.warmStarts() + " warm · " + p.coldStarts() + " cold");
        latency.set(p.runs() == 0 ? "no runs yet" : "p50 " + p.p50Millis() + " ms · p95 " + p.p95Millis() + " ms");
        outcomes.forEach((o, text) -> text.set(outcomeText(o, p.count(o))));
        auto.set(p.range() != null);
        mode.set(modeText(p));
        reason.set(p.targetReason());
        advice.set(adviceText(p.advice()));
        applyDisabled.set(!applies(p));
        applyMeaning.set(applyText(p));
        if (history.isEmpty() || history.get(history.size() - 1).epochSecond() < epochSecond) {
            history.add(new Sample(epochSecond, p.ready(), p.running()));
            if (history.size() > HISTORY) {
                history.remove(0, history.size() - HISTORY);
            }
        }
    }

    /** "ready by engine: local 2/2 · dind-2 1/1 · dind-3 down · dind-4 no image ✕". */
    static String sharesText(PoolSnapshot p, List<EngineStatus> engines) {
        StringBuilder text = new StringBuilder("ready by engine: ");
        boolean first = true;
        for (EngineStatus engine : engines) {
            PoolShare share = share(p, engine.name());
            String part;
            if (!engine.up()) {
                part = engine.name() + " down";
            } else if (engine.missing().contains(p.image())) {
                part = engine.name() + " no image ✕";
            } else if (share != null) {
                part = engine.name() + " " + share.ready() + "/" + share.target();
            } else {
                continue; // not asked about this image yet
            }
            text.append(first ? "" : " · ").append(part);
            first = false;
        }
        return text.toString();
    }

    /** A line per engine: its part of the pool, or why it has none. */
    static String sharesDetail(PoolSnapshot p, List<EngineStatus> engines) {
        StringBuilder text = new StringBuilder();
        for (EngineStatus engine : engines) {
            PoolShare share = share(p, engine.name());
            String line;
            if (!engine.up()) {
                line = engine.name() + ": down, its share goes to the others" + (engine.lastError().isEmpty() ? "" : " (" + engine.lastError() + ")");
            } else if (engine.missing().contains(p.image())) {
                line = engine.name() + ": lacks " + p.image() + ", its share goes to the others (Images: Copy to engine…)";
            } else if (share != null) {
                line = engine.name() + ": target " + share.target() + " · ready " + share.ready() + " · starting " + share.starting()
                        + " · running " + share.running() + (share.problem().isEmpty() ? "" : " · " + share.problem());
            } else {
                continue;
            }
            text.append(text.isEmpty() ? "" : "\n").append(line);
        }
        return text.toString();
    }

    private static PoolShare share(PoolSnapshot p, String engine) {
        return p.engines().stream().filter(s -> s.engine().equals(engine)).findFirst().orElse(null);
    }

    /** "auto 1..6" for a reactive pool, "fixed" otherwise. */
    static String modeText(PoolSnapshot p) {
        return p.range() == null ? "fixed" : "auto " + p.range();
    }

    /** "advice: 3 (why)", or "advice: none yet (why)" while there is not enough to go on. */
    static String adviceText(PoolAdvice advice) {
        String why = advice.why() == null || advice.why().isBlank() ? "" : " (" + advice.why().strip() + ")";
        return "advice: " + (advice.applicable() ? advice.target() : "none yet") + why;
    }

    /**
     * What Apply makes of a reactive pool's range: the advice becomes its min, so it keeps at
     * least that many ready and still grows on cold starts; its max is kept unless the advice
     * reaches it (then the max is one above, as a range needs room to grow).
     */
    static PoolRange advisedRange(PoolRange range, int advised) {
        int min = Math.min(advised, PoolSettings.MAX_TARGET - 1);
        return new PoolRange(min, Math.max(range.max(), min + 1), range.idle());
    }

    /** Whether Apply would change anything: there is advice, and it is not what the pool already keeps. */
    static boolean applies(PoolSnapshot p) {
        PoolAdvice a = p.advice();
        if (!a.applicable()) {
            return false;
        }
        return p.range() == null ? a.target() != p.target() : !advisedRange(p.range(), a.target()).equals(p.range());
    }

    /** Apply's tooltip: what it would do to this pool, or why it would do nothing. */
    static String applyText(PoolSnapshot p) {
        PoolAdvice a = p.advice();
        if (!a.applicable()) {
            return "No advice to apply yet: " + a.why();
        }
        int n = a.target();
        if (p.range() == null) {
            return n == p.target() ? "The target is already " + n + "." : "Sets the target to " + n + " (now " + p.target() + ").";
        }
        PoolRange next = advisedRange(p.range(), n);
        if (next.equals(p.range())) {
            return "The pool already keeps at least " + n + " ready (auto " + p.range() + ").";
        }
        return "Keeps the pool auto, from " + p.range() + " to " + next + ": at least " + next.min()
                + " ready at all times, growing up to " + next.max() + " on cold starts and back to " + next.min()
                + " when idle.";
    }

    void answer(String text) {
        answer.set(text);
    }

    void preparation(String text) {
        preparation.set(text);
    }

    public String image() {
        return image;
    }

    /** The latest snapshot of this pool. */
    public PoolSnapshot snapshot() {
        return last;
    }

    /** Runs of this pool that ended with {@code outcome}. */
    public long outcome(Outcome outcome) {
        return last == null ? 0 : last.count(outcome);
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty targetProperty() {
        return target.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty startsProperty() {
        return starts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty latencyProperty() {
        return latency.getReadOnlyProperty();
    }

    /** "red 3": the outcome's word and how many runs ended with it. */
    public ReadOnlyStringProperty outcomeProperty(Outcome outcome) {
        return outcomes.get(outcome).getReadOnlyProperty();
    }

    /** While "Prepare all" waits: "1 of 3 ready", "full", or why it cannot fill; empty otherwise. */
    public ReadOnlyStringProperty preparationProperty() {
        return preparation.getReadOnlyProperty();
    }

    /** With several engines, each one's ready containers of its target, or why it has none; empty with one engine. */
    public ReadOnlyStringProperty sharesProperty() {
        return shares.getReadOnlyProperty();
    }

    /** A line per engine: its part of the pool in full, or why it has none. */
    public ReadOnlyStringProperty sharesDetailProperty() {
        return sharesDetail.getReadOnlyProperty();
    }

    /** The engine's answer to the last change made here ("target 3: 1 ready, 2 starting", or an error). */
    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    /** True for a reactive pool (its target moves within its range by itself). */
    public ReadOnlyBooleanProperty autoProperty() {
        return auto.getReadOnlyProperty();
    }

    /** "auto 1..6" or "fixed". */
    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** Why the target last changed, in the engine's sentence; empty when it never did. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** "advice: 3 (why)" or "advice: none yet (why)". */
    public ReadOnlyStringProperty adviceProperty() {
        return advice.getReadOnlyProperty();
    }

    /** True when Apply would change nothing: no advice yet, or the pool already keeps what it advises. */
    public ReadOnlyBooleanProperty applyDisabledProperty() {
        return applyDisabled.getReadOnlyProperty();
    }

    /** What Apply would do to this pool, in a sentence (its tooltip). */
    public ReadOnlyStringProperty applyMeaningProperty() {
        return applyMeaning.getReadOnlyProperty();
    }

    /** Ready and running, one sample a second, the last five minutes. */
    public ObservableList<Sample> history() {
        return readOnlyHistory;
    }
}
