package org.warmpool.app.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * The Replay tab: submissions dropped as {@code .tgz} files or folders of sources, run against a
 * pool's image N times each, with a traffic light per run and the whole result to read.
 *
 * <p>Files are read on a background thread; runs go to the engine, at most as many at once as
 * it has run slots, so that Cancel can still withdraw the ones that have not started. Every
 * change to the properties happens on the FX thread (through the {@code fx} executor).
 */
public final class ReplayViewModel {
    /** How the tab asks for a run; the engine's {@code run} in the console. */
    @FunctionalInterface
    public interface Runs {
        CompletableFuture<RunResult> run(RunRequest request);
    }

    /** One thing to read about the selected run: stdout, stderr, a returned file, the engine's log. */
    public record Source(String name, Output output) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One fact about the selected run, for the detail pane's header. */
    public record Fact(String name, String value) {
    }

    public static final int MAX_REPEATS = 100;
    /** More runs than this in one go is a mistake rather than a replay. */
    public static final int MAX_RUNS = 2_000;
    /** A journaled outcome that is a colour to compare with (not an error). */
    private static final java.util.Set<String> COLOURS = java.util.Set.of("red", "amber", "green", "timed_out", "faulty");
    static final int MAX_FOLDER_DEPTH = 3;

    private final Runs runs;
    private final Executor fx;
    private final Executor io;
    private final ArchiveLimits limits;

    private final ObservableList<ReplaySubmission> submissions = FXCollections.observableArrayList();
    private final ObservableList<ReplaySubmission> submissionsView = FXCollections.unmodifiableObservableList(submissions);
    private final ObservableList<ReplayRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ReplayRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> images = FXCollections.observableArrayList();
    private final ObservableList<String> imagesView = FXCollections.unmodifiableObservableList(images);
    private final ObjectProperty<String> image = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper imageNote = new ReadOnlyStringWrapper("");
    private final IntegerProperty maxSeconds = new SimpleIntegerProperty(RunRequest.DEFAULT_MAX_SECONDS);
    private final IntegerProperty repeats = new SimpleIntegerProperty(1);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper adding = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final BooleanBinding canRun;

    private final ReadOnlyObjectWrapper<ReplayRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detailMessage = new ReadOnlyStringWrapper("");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObservableList<Source> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private final OutputSearch search = new OutputSearch();
    private String preferredSource = "stdout";

    private JournalQueries journal;
    private final ReadOnlyBooleanWrapper journalAvailable = new ReadOnlyBooleanWrapper(false);

    private final Deque<ReplayRow> pending = new ArrayDeque<>();
    private final List<ReplayRow> batch = new ArrayList<>();
    private int active;
    private int parallel = 2;
    private int counter;

    public ReplayViewModel(Runs runs, Executor fx, Executor io) {
        this(runs, fx, io, ArchiveLimits.defaults());
    }

    ReplayViewModel(Runs runs, Executor fx, Executor io, ArchiveLimits limits) {
        this.runs = runs;
        this.fx = fx;
        this.io = io;
        this.limits = limits;
        canRun = Bindings.createBooleanBinding(() -> !running.get() && !submissions.isEmpty() && image.get() != null,
                running, submissions, image);
        source.addListener((o, was, now) -> {
            if (now != null) {
                preferredSource = now.name();
                search.setText(now.output().content(), now.output().truncated());
            } else {
                search.setText("", false);
            }
        });
        image.addListener((o, was, now) -> imageNote.set(""));
    }

    /**
     * Adds the journaled runs matching {@code filter} (as {@code warmpool replay --from-journal}
     * takes it), the most recent {@value #MAX_RUNS} at most. Each keeps its image, time limit, and
     * the colour it had, so the results show which changed.
     */
    public void addFromJournal(String filter) {
        JournalQueries source = journal;
        if (source == null || !source.status().recording()) {
            notice.set("Recording is off, so there is no journal to replay from (settings: journal.enabled).");
            return;
        }
        JournalFilter parsed;
        try {
            parsed = JournalFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            notice.set("Journal filter: " + e.getMessage());
            return;
        }
        notice.set("");
        adding.set(adding.get() + 1);
        io.execute(() -> {
            List<ReplaySubmission> found = new ArrayList<>();
            String problem = null;
            try {
                for (JournalEntry e : source.find(parsed, MAX_RUNS)) {
                    String name = Journal.fileName(e).replaceFirst("\\.tgz$", "");
                    found.add(ReplaySubmission.journaled(new ReplayItem(name, e.image(), e.maxSeconds(), source.archive(e.seq()),
                            COLOURS.contains(e.outcome()) ? org.warmpool.engine.api.Outcome.fromWireName(e.outcome()) : null)));
                }
                if (found.isEmpty()) {
                    problem = "No journaled run matches \"" + filter + "\".";
                }
            } catch (IOException e) {
                problem = e.getMessage();
            }
            String why = problem;
            fx.execute(() -> {
                adding.set(adding.get() - 1);
                submissions.addAll(found);
                if (why != null) {
                    notice.set(why);
                }
                for (ReplaySubmission submission : found) {
                    io.execute(() -> read(submission));
                }
            });
        });
    }

    /** Where {@link #addFromJournal} reads (the tab offers it while the journal records). */
    public void useJournal(JournalQueries source) {
        this.journal = source;
        journalAvailable.set(source.status().recording());
    }

    /** There is a journal to replay from. */
    public ReadOnlyBooleanProperty journalAvailableProperty() {
        return journalAvailable.getReadOnlyProperty();
    }

    /**
     * The tab over the console's ports: runs go through the console's own WebSocket like any
     * client's (so they are admitted, throttled and journaled like real traffic), journal
     * selections come from the journal.
     */
    public static ReplayViewModel throughGateway(Addresses addresses, JournalQueries journal, Executor fx, Executor io) {
        ReplayViewModel model = new ReplayViewModel(GatewayRuns.of(addresses), fx, io);
        model.useJournal(journal);
        return model;
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
        parallel = Math.max(1, snapshot.throttle().limits().maxConcurrentRuns());
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
    }

    /**
     * Adds dropped or picked files: each {@code .tgz} file (any file, in fact: the reader says what
     * is wrong with it), each folder holding {@code cyber-dojo.sh}, and, in any other folder, the
     * {@code .tgz} files and source folders it holds. Reading happens off the FX thread; each
     * submission appears at once and shows its file count, or why it cannot be sent.
     */
    public void addFiles(List<File> dropped) {
        if (dropped == null || dropped.isEmpty()) {
            return;
        }
        notice.set("");
        adding.set(adding.get() + 1);
        List<Path> paths = dropped.stream().map(File::toPath).toList();
        io.execute(() -> {
            List<ReplaySubmission> found = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path path : paths) {
                expand(path, found, problems);
            }
            fx.execute(() -> {
                adding.set(adding.get() - 1);
                submissions.addAll(found);
                if (!problems.isEmpty()) {
                    notice.set(String.join("\n", problems));
                }
                for (ReplaySubmission submission : found) {
                    io.execute(() -> read(submission));
                }
            });
        });
    }

    private void expand(Path path, List<ReplaySubmission> found, List<String> problems) {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(TgzReader.CYBER_DOJO_SH))) {
                found.add(new ReplaySubmission(name(path) + "/", path, ReplaySubmission.Kind.FOLDER));
                return;
            }
            List<ReplaySubmission> inside = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(path, MAX_FOLDER_DEPTH)) {
                walk.sorted(Comparator.comparing(Path::toString)).forEach(p -> {
                    if (Files.isRegularFile(p) && isTgz(p) && !insideSourceFolder(path, p)) {
                        inside.add(new ReplaySubmission(name(p), p, ReplaySubmission.Kind.TGZ));
                    } else if (!p.equals(path) && Files.isDirectory(p) && Files.isRegularFile(p.resolve(TgzReader.CYBER_DOJO_SH))
                            && !insideSourceFolder(path, p.getParent())) {
                        inside.add(new ReplaySubmission(path.relativize(p) + "/", p, ReplaySubmission.Kind.FOLDER));
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add("Could not look inside " + path + ": " + e.getMessage());
            }
            if (inside.isEmpty()) {
                problems.add("Nothing to run in " + name(path) + "/: no .tgz files, and no " + TgzReader.CYBER_DOJO_SH
                        + " (drop a folder of sources, or a folder of .tgz files).");
            }
            found.addAll(inside);
        } else if (Files.exists(path)) {
            found.add(new ReplaySubmission(name(path), path, ReplaySubmission.Kind.TGZ));
        } else {
            problems.add("Not found: " + path);
        }
    }

    /** A .tgz inside a folder of sources belongs to those sources. */
    private static boolean insideSourceFolder(Path top, Path p) {
        for (Path dir = p.getParent(); dir != null && dir.startsWith(top) && !dir.equals(top); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(TgzReader.CYBER_DOJO_SH))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTgz(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tgz") || name.endsWith(".tar.gz");
    }

    private static String name(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    /** On a background thread: the submission's files, or why not. */
    private void read(ReplaySubmission submission) {
        try {
            SubmissionFiles files;
            if (submission.kind() == ReplaySubmission.Kind.FOLDER) {
                files = SubmissionFiles.fromDirectory(submission.path(), limits);
            } else if (submission.kind() == ReplaySubmission.Kind.JOURNAL) {
                files = TgzReader.read(submission.tgz(), limits);
            } else {
                try (InputStream in = Files.newInputStream(submission.path())) {
                    files = TgzReader.read(in, limits);
                }
            }
            SubmissionFiles read = files;
            fx.execute(() -> submission.showRead(read));
            submission.files().complete(read);
        } catch (ArchiveException e) {
            String why = (submission.kind() == ReplaySubmission.Kind.FOLDER ? "folder refused: " : "archive refused: ") + e.getMessage();
            fx.execute(() -> submission.showRefused(why));
            submission.files().completeExceptionally(new IllegalArgumentException(why, e));
        } catch (IOException | RuntimeException e) {
            String why = "cannot read " + (submission.path() != null ? submission.path() : submission.name()) + ": " + e.getMessage();
            fx.execute(() -> submission.showRefused(why));
            submission.files().completeExceptionally(new IllegalArgumentException(why, e));
        }
    }

    /** Runs every submission {@code repeats} times on the chosen image; results appear as they come. */
    public void run() {
        if (!canRun.get()) {
            return;
        }
        int n = Math.max(1, Math.min(MAX_REPEATS, repeats.get()));
        int seconds = Math.max(1, Math.min(RunRequest.MAX_MAX_SECONDS, maxSeconds.get()));
        if ((long) n * submissions.size() > MAX_RUNS) {
            notice.set(n * submissions.size() + " runs is more than " + MAX_RUNS + " at once: fewer submissions or repeats, please.");
            return;
        }
        notice.set("");
        batch.clear();
        for (ReplaySubmission submission : submissions) {
            for (int r = 1; r <= n; r++) {
                ReplayRow row = new ReplayRow(++counter, submission,
                        submission.image() != null ? submission.image() : image.get(),
                        submission.maxSeconds() > 0 ? submission.maxSeconds() : seconds, r, n);
                batch.add(row);
                pending.add(row);
            }
        }
        rows.addAll(batch);
        running.set(true);
        if (selected.get() == null && !batch.isEmpty()) {
            select(batch.get(0));
        }
        dispatch();
    }

    /** Withdraws the runs that have not started; those already in a container finish (within max_seconds). */
    public void cancel() {
        while (!pending.isEmpty()) {
            pending.poll().cancelled();
        }
        dispatch();
    }

    private void dispatch() {
        while (active < parallel && !pending.isEmpty()) {
            ReplayRow row = pending.poll();
            active++;
            start(row);
        }
        running.set(active > 0 || !pending.isEmpty());
        progress();
    }

    private void start(ReplayRow row) {
        row.running();
        row.submission().files().whenComplete((files, error) -> fx.execute(() -> {
            if (error != null) {
                finish(row, () -> row.refused(messageOf(error)));
                return;
            }
            CompletableFuture<RunResult> future;
            try {
                future = runs.run(new RunRequest(row.runId(), row.image(), row.maxSeconds(), files, true));
            } catch (RuntimeException e) {
                finish(row, () -> row.refused(messageOf(e)));
                return;
            }
            future.whenComplete((result, failure) -> fx.execute(() -> finish(row, () -> {
                if (failure != null) {
                    row.refused(messageOf(failure));
                } else {
                    row.done(result);
                }
            })));
        }));
    }

    private void finish(ReplayRow row, Runnable outcome) {
        outcome.run();
        active--;
        if (row == selected.get()) {
            showDetail(row);
        }
        dispatch();
    }

    static String messageOf(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RunRejectedException rejected) {
            return switch (rejected.reason()) {
                case UNKNOWN_IMAGE -> "unknown image: ";
                case DOCKER_UNAVAILABLE -> "Docker is down: ";
                case SHUTTING_DOWN -> "shutting down: ";
                case POOL_FAULTY -> "pool cannot serve: ";
                case THROTTLED -> "throttled: ";
                case INTERNAL -> "engine error: ";
            } + rejected.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void progress() {
        int total = batch.size();
        int done = (int) batch.stream().filter(ReplayRow::finished).count();
        int inFlight = (int) batch.stream().filter(r -> r.state() == ReplayRow.State.RUNNING).count();
        waiting.set(pending.size());
        progress.set(total == 0 ? 0 : done / (double) total);
        progressText.set(total == 0 ? "" : running.get()
                ? done + " of " + total + " done · " + inFlight + " running · " + pending.size() + " waiting"
                : done + " of " + total + " done");
        summarise();
    }

    private void summarise() {
        Map<ReplayRow.Light, Integer> counts = new EnumMap<>(ReplayRow.Light.class);
        List<Long> totals = new ArrayList<>();
        int warm = 0;
        int cold = 0;
        for (ReplayRow row : rows) {
            if (!row.finished()) {
                continue;
            }
            counts.merge(row.light(), 1, Integer::sum);
            RunResult r = row.resultProperty().get();
            if (r != null) {
                totals.add(r.timings().total());
                if (r.warm()) {
                    warm++;
                } else {
                    cold++;
                }
            }
        }
        int finished = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (finished == 0) {
            summary.set("");
            return;
        }
        StringBuilder s = new StringBuilder().append(finished).append(finished == 1 ? " run: " : " runs: ");
        List<String> parts = new ArrayList<>();
        counts.forEach((light, count) -> parts.add(count + " " + light.word()));
        s.append(String.join(" · ", parts));
        long changed = rows.stream().filter(row -> row.finished() && row.resultProperty().get() != null
                && row.submission().expected() != null
                && !row.submission().expected().equals(row.resultProperty().get().outcome().wireName())).count();
        if (changed > 0) {
            s.append(" · ").append(changed).append(" changed colour since journaled");
        }
        if (!totals.isEmpty()) {
            totals.sort(Long::compare);
            s.append("   —   median ").append(ReplayRow.seconds(totals.get(totals.size() / 2)))
                    .append(" · ").append(warm).append(" warm, ").append(cold).append(" cold");
        }
        summary.set(s.toString());
    }

    /** Shows a row in the detail pane (null clears it). */
    public void select(ReplayRow row) {
        selected.set(row);
        showDetail(row);
    }

    private void showDetail(ReplayRow row) {
        facts.clear();
        if (row == null) {
            detailTitle.set("");
            detailMessage.set("");
            sources.clear();
            source.set(null);
            return;
        }
        detailTitle.set(row.name());
        RunResult r = row.resultProperty().get();
        List<Source> next = new ArrayList<>();
        if (r == null) {
            detailMessage.set(row.state() == ReplayRow.State.REFUSED ? row.messageProperty().get()
                    : row.state() == ReplayRow.State.CANCELLED ? "Cancelled before it ran." : "Waiting for its result…");
            facts.add(new Fact("image", row.image()));
            facts.add(new Fact("max seconds", Integer.toString(row.maxSeconds())));
        } else {
            detailMessage.set(r.log().content().isBlank() ? "" : r.log().content().strip());
            Timings t = r.timings();
            facts.add(new Fact("outcome", ReplayRow.Light.of(r.outcome()).word()));
            facts.add(new Fact("status", r.status().isEmpty() ? "—" : r.status()));
            facts.add(new Fact("total", ReplayRow.seconds(t.total())));
            facts.add(new Fact("start", r.warm() ? "warm container" : "cold start"));
            facts.add(new Fact("queued", ReplayRow.seconds(t.queued())));
            facts.add(new Fact("claim", ReplayRow.seconds(t.claim())));
            facts.add(new Fact("exec", ReplayRow.seconds(t.exec())));
            facts.add(new Fact("colour", ReplayRow.seconds(t.colour())));
            facts.add(new Fact("image", r.image()));
            facts.add(new Fact("container", r.containerId() == null ? "—" : shortId(r.containerId())));
            next.add(new Source("stdout", r.stdout()));
            next.add(new Source("stderr", r.stderr()));
            r.created().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(f -> next.add(new Source("created: " + f.getKey(), f.getValue())));
            r.changed().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(f -> next.add(new Source("changed: " + f.getKey(), f.getValue())));
            if (!r.log().content().isBlank()) {
                next.add(new Source("log", r.log()));
            }
        }
        sources.setAll(next);
        source.set(pick(next));
    }

    /** The same kind of source as before (stdout stays stdout); else the first with something in it. */
    private Source pick(List<Source> from) {
        for (Source s : from) {
            if (s.name().equals(preferredSource) && !s.output().content().isEmpty()) {
                return s;
            }
        }
        for (Source s : from) {
            if (!s.output().content().isEmpty() && !s.name().equals("log")) {
                return s;
            }
        }
        return from.isEmpty() ? null : from.get(0);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    public void removeSubmission(ReplaySubmission submission) {
        submissions.remove(submission);
    }

    public void clearSubmissions() {
        submissions.clear();
        notice.set("");
    }

    /** Forgets finished results (runs still going stay). */
    public void clearResults() {
        rows.removeIf(ReplayRow::finished);
        if (selected.get() != null && !rows.contains(selected.get())) {
            select(null);
        }
        summarise();
    }

    public ObservableList<ReplaySubmission> submissions() {
        return submissionsView;
    }

    public ObservableList<ReplayRow> rows() {
        return rowsView;
    }

    public ObservableList<String> images() {
        return imagesView;
    }

    /** The image to run on; chosen from {@link #images()}. */
    public ObjectProperty<String> imageProperty() {
        return image;
    }

    /** The chosen image's pool at a glance, or why runs on it will be refused. */
    public ReadOnlyStringProperty imageNoteProperty() {
        return imageNote.getReadOnlyProperty();
    }

    /** 1–20. */
    public IntegerProperty maxSecondsProperty() {
        return maxSeconds;
    }

    /** How many times each submission runs, 1–{@value #MAX_REPEATS}. */
    public IntegerProperty repeatsProperty() {
        return repeats;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Runs not yet started (Cancel withdraws them). */
    public ReadOnlyIntegerProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** Drops still being looked through. */
    public ReadOnlyIntegerProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    public BooleanBinding canRunBinding() {
        return canRun;
    }

    /** 0–1 over the latest Run. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** "9 runs: 3 red · 3 amber · 3 green — median 1.20 s · 8 warm, 1 cold". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What could not be added, or why Run did nothing; empty otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ReplayRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    /** A refusal's reason, or the engine's log for a faulty or timed-out run. */
    public ReadOnlyStringProperty detailMessageProperty() {
        return detailMessage.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return factsView;
    }

    /** stdout, stderr, created and changed files, log — of the selected run. */
    public ObservableList<Source> sources() {
        return sourcesView;
    }

    /** The source shown in the search viewer. */
    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public OutputSearch search() {
        return search;
    }
}
