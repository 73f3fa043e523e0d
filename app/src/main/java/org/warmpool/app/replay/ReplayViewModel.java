package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.Replays;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Replay tab: submissions to replay (files, folders, journal selections), replayed through the
 * engine's {@link Replays} — one session per Run, through the console's own WebSocket like any
 * client's, closed loop with as many at a time as the engine has run slots — and each answer's
 * traffic light and whole result to read.
 *
 * <p>Its parts: the {@link #submissions() submissions}, the {@link #results() results} of the
 * replays, and the {@link #detail() detail} of the selected result; this class holds what a Run
 * is made of (image, max seconds, repeats) and starts it. Every property changes on the FX thread.
 */
public final class ReplayViewModel {
    public static final int MAX_REPEATS = 100;
    /** More runs than this in one go is a mistake rather than a replay. */
    public static final int MAX_RUNS = 2_000;
    /** The time limit a submission without one gets unless changed (cyber-dojo's). */
    public static final int DEFAULT_MAX_SECONDS = 10;
    /** The most the engine allows (cyber-dojo's). */
    public static final int MAX_SECONDS = 20;

    private final SubmissionsViewModel submissions;
    private final ResultsViewModel results;
    private final DetailViewModel detail;

    private final ObservableList<String> images = FXCollections.observableArrayList();
    private final ObservableList<String> imagesView = FXCollections.unmodifiableObservableList(images);
    private final ObjectProperty<String> image = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper imageNote = new ReadOnlyStringWrapper("");
    private final IntegerProperty maxSeconds = new SimpleIntegerProperty(DEFAULT_MAX_SECONDS);
    private final IntegerProperty repeats = new SimpleIntegerProperty(1);
    private final BooleanBinding canRun;
    private int runSlots = 2;

    /**
     * @param replays where submissions are read from and replayed through
     * @param journal whether there is a journal to add selections from
     * @param fx      where properties change (the FX thread)
     * @param io      where files and the journal are read
     */
    public ReplayViewModel(Replays replays, JournalQueries journal, Executor fx, Executor io) {
        submissions = new SubmissionsViewModel(replays, journal, fx, io);
        results = new ResultsViewModel(replays, fx);
        detail = new DetailViewModel(results.rows());
        ObservableList<ReplaySubmission> items = submissions.items();
        canRun = Bindings.createBooleanBinding(() -> !results.runningProperty().get() && !items.isEmpty()
                        && (image.get() != null || items.stream().allMatch(s -> s.image() != null)),
                results.runningProperty(), items, image);
        image.addListener((o, was, now) -> imageNote.set(""));
    }

    /** The pools' images to choose from, and how many runs may go at once; call on the FX thread. */
    public void update(EngineSnapshot snapshot) {
        List<String> now = snapshot.pools().stream().map(PoolSnapshot::image).sorted().toList();
        if (!now.equals(images)) {
            images.setAll(now);
        }
        if (image.get() == null && !now.isEmpty()) {
            image.set(now.get(0));
        }
        runSlots = Math.max(1, Math.min(1000, snapshot.throttle().limits().maxConcurrentRuns()));
        PoolSnapshot pool = image.get() == null ? null : snapshot.pool(image.get());
        if (image.get() == null) {
            imageNote.set(now.isEmpty() ? "No pools yet: add one in the Pools tab." : "");
        } else if (pool == null) {
            imageNote.set("No pool serves " + image.get() + " any more; its runs will be refused.");
        } else if (!pool.problem().isEmpty()) {
            imageNote.set(pool.state().wireName() + ": " + pool.problem());
        } else {
            imageNote.set(pool.ready() + " warm · " + pool.running() + " running · " + pool.state().wireName());
        }
        submissions.refreshJournal();
    }

    /**
     * Replays every submission {@code repeats} times — those without an image on the chosen one,
     * those without a time limit with the chosen max seconds — asking for the files each run
     * created or changed, and for its output as it runs; results appear as they come.
     */
    public void run() {
        if (!canRun.get()) {
            return;
        }
        int n = Math.max(1, Math.min(MAX_REPEATS, repeats.get()));
        int seconds = Math.max(1, Math.min(MAX_SECONDS, maxSeconds.get()));
        List<ReplaySubmission> list = List.copyOf(submissions.items());
        if ((long) n * list.size() > MAX_RUNS) {
            submissions.tell(n * list.size() + " runs is more than " + MAX_RUNS + " at once: fewer submissions or repeats, please.");
            return;
        }
        submissions.tell("");
        ReplayPlan plan = new ReplayPlan(new Pacing.Concurrency(runSlots), n, null, seconds).withFilesBack(true).withStream(true);
        List<ReplayRow> started = results.start(list, image.get(), plan);
        if (detail.selectedProperty().get() == null && !started.isEmpty()) {
            detail.select(started.get(0));
        }
    }

    /** Sends no more: what was not sent yet shows cancelled; what was sent is still answered (within max seconds). */
    public void cancel() {
        results.cancel();
    }

    /** Files, folders and journal selections to replay. */
    public SubmissionsViewModel submissions() {
        return submissions;
    }

    /** The rows of every replay, its progress and a summary. */
    public ResultsViewModel results() {
        return results;
    }

    /** The selected result, to read. */
    public DetailViewModel detail() {
        return detail;
    }

    public ObservableList<String> images() {
        return imagesView;
    }

    /** The image for submissions that do not name theirs; chosen from {@link #images()}. */
    public ObjectProperty<String> imageProperty() {
        return image;
    }

    /** The chosen image's pool at a glance, or why runs on it will be refused. */
    public ReadOnlyStringProperty imageNoteProperty() {
        return imageNote.getReadOnlyProperty();
    }

    /** 1–{@value #MAX_SECONDS}, for submissions that have no time limit of their own. */
    public IntegerProperty maxSecondsProperty() {
        return maxSeconds;
    }

    /** How many times each submission is sent, 1–{@value #MAX_REPEATS}. */
    public IntegerProperty repeatsProperty() {
        return repeats;
    }

    /** Not running, something to send, and an image for every submission. */
    public BooleanBinding canRunBinding() {
        return canRun;
    }
}
