package org.warmpool.app.replay;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The results of the tab's replays: one row per submission a replay sends, fed by the engine's
 * {@link ReplaySession} as submissions go and answers come, with the progress of the latest replay
 * and a summary of every row. The session's news reaches the FX thread in batches, through the
 * {@code fx} executor: a burst of answers costs the window one update.
 */
public final class ResultsViewModel {
    private final Replays replays;
    private final Executor fx;

    private final ObservableList<ReplayRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ReplayRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    private final Queue<Runnable> news = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainAsked = new AtomicBoolean();
    /** The latest replay's rows, by the session's index. */
    private List<ReplayRow> latest = List.of();
    private ReplaySession session;
    private int counter;

    /**
     * @param replays the engine's replays
     * @param fx      where properties change (the FX thread)
     */
    ResultsViewModel(Replays replays, Executor fx) {
        this.replays = replays;
        this.fx = fx;
    }

    /**
     * Replays {@code submissions}, each {@code repeats} times, as {@code plan} paces it: a row per
     * submission to send, in the order the session sends them (the submissions in turn, then again).
     * When the engine cannot start it (its gateway is closed), every row says why. Call on the FX
     * thread, not while {@link #runningProperty() running}.
     *
     * @param image for submissions that have none; {@code null} when they all have one
     * @return the new rows
     */
    List<ReplayRow> start(List<ReplaySubmission> submissions, String image, ReplayPlan plan) {
        List<ReplayItem> items = new ArrayList<>();
        for (ReplaySubmission s : submissions) {
            items.add(s.image() == null ? s.item().withImage(image) : s.item());
        }
        int repeats = plan.repeat();
        List<ReplayRow> planned = new ArrayList<>();
        for (int i = 0; i < items.size() * repeats; i++) {
            ReplayItem item = items.get(i % items.size());
            int seconds = item.maxSeconds() > 0 ? item.maxSeconds() : plan.maxSeconds();
            planned.add(new ReplayRow(++counter, submissions.get(i % items.size()), i / items.size() + 1, repeats,
                    item.image(), seconds));
        }
        latest = planned;
        rows.addAll(planned);
        running.set(true);
        try {
            ReplaySession started = replays.start(items, plan, listener(planned));
            session = started;
            started.done().whenComplete((report, failure) -> post(() -> finished(planned, failure)));
        } catch (RuntimeException e) {
            finished(planned, e);
        }
        progress();
        return planned;
    }

    private ReplayListener listener(List<ReplayRow> planned) {
        return new ReplayListener() {
            @Override
            public void sent(int index, ReplayItem item) {
                post(() -> planned.get(index).sent(item));
            }

            @Override
            public void output(int index, StdStream stream, String text) {
                post(() -> planned.get(index).output(stream, text));
            }

            @Override
            public void answered(int index, ReplayReport.Reply reply) {
                post(() -> planned.get(index).answered(reply));
            }
        };
    }

    /** The session is over: what was never sent was cancelled; what was never answered says why. */
    private void finished(List<ReplayRow> planned, Throwable failure) {
        String why = failure == null ? "no reply" : messageOf(failure);
        for (ReplayRow row : planned) {
            if (row.state() == ReplayRow.State.WAITING && failure == null) {
                row.cancelled();
            } else if (!row.finished()) {
                row.refused(why);
            }
        }
        if (planned == latest) {
            session = null;
            running.set(false);
        }
    }

    /** Sends no more: the rows not yet sent show cancelled at once; those sent are still answered. */
    void cancel() {
        if (session != null) {
            session.cancel();
        }
        latest.forEach(ReplayRow::cancelled);
        progress();
    }

    /** Forgets finished rows (those still going stay). */
    public void clearFinished() {
        rows.removeIf(ReplayRow::finished);
        summarise();
    }

    /** From any thread: a change to make on the FX thread, with the others that arrive before it gets there. */
    private void post(Runnable change) {
        news.add(change);
        if (drainAsked.compareAndSet(false, true)) {
            fx.execute(this::drain);
        }
    }

    private void drain() {
        drainAsked.set(false);
        Runnable change;
        while ((change = news.poll()) != null) {
            change.run();
        }
        progress();
    }

    static String messageOf(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void progress() {
        int total = latest.size();
        int done = 0;
        int sent = 0;
        int notSent = 0;
        for (ReplayRow row : latest) {
            if (row.finished()) {
                done++;
            } else if (row.state() == ReplayRow.State.SENT) {
                sent++;
            } else {
                notSent++;
            }
        }
        waiting.set(notSent);
        progress.set(total == 0 ? 0 : done / (double) total);
        progressText.set(total == 0 ? "" : running.get()
                ? done + " of " + total + " done · " + sent + " running · " + notSent + " waiting"
                : done + " of " + total + " done");
        summarise();
    }

    private void summarise() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            counts.put(ReplayRow.word(o), 0);
        }
        counts.put("refused", 0);
        counts.put("cancelled", 0);
        List<Long> totals = new ArrayList<>();
        int finished = 0;
        int warm = 0;
        int changed = 0;
        for (ReplayRow row : rows) {
            if (!row.finished()) {
                continue;
            }
            finished++;
            counts.merge(row.light().word(), 1, Integer::sum);
            RunResult r = row.resultProperty().get();
            if (r != null) {
                totals.add(r.timings().total());
                warm += r.warm() ? 1 : 0;
                changed += row.changedProperty().get() ? 1 : 0;
            }
        }
        if (finished == 0) {
            summary.set("");
            return;
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((word, n) -> {
            if (n > 0) {
                parts.add(n + " " + word);
            }
        });
        StringBuilder s = new StringBuilder().append(finished).append(finished == 1 ? " run: " : " runs: ").append(String.join(" · ", parts));
        if (changed > 0) {
            s.append(" · ").append(changed).append(" changed colour since recorded");
        }
        if (!totals.isEmpty()) {
            totals.sort(Long::compare);
            s.append("   —   median ").append(ReplayRow.seconds(totals.get(totals.size() / 2)))
                    .append(" · ").append(warm).append(" warm, ").append(totals.size() - warm).append(" cold");
        }
        summary.set(s.toString());
    }

    /** Every row, oldest replay first. */
    public ObservableList<ReplayRow> rows() {
        return rowsView;
    }

    /** A replay is under way (until every submission it sent is answered). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Rows of the latest replay not yet sent (Cancel keeps them from being sent). */
    public ReadOnlyIntegerProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** 0–1 over the latest replay. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "3 of 9 done · 2 running · 4 waiting". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** "9 runs: 3 red · 3 amber · 3 green   —   median 1.20 s · 8 warm, 1 cold". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
