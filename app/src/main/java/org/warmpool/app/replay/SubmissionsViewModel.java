package org.warmpool.app.replay;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.Replays;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The submissions to replay: files and folders dropped or picked, read by the engine's replay as
 * {@code warmpool replay} reads them, and journal selections. Reading happens off the FX thread;
 * what could not be added is said in {@link #noticeProperty()}.
 */
public final class SubmissionsViewModel {
    /** More journaled runs than this in one go is a mistake rather than a replay. */
    public static final int MAX_FROM_JOURNAL = 2_000;

    private final Replays replays;
    private final JournalQueries journal;
    private final Executor fx;
    private final Executor io;

    private final ObservableList<ReplaySubmission> items = FXCollections.observableArrayList();
    private final ObservableList<ReplaySubmission> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyIntegerWrapper adding = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper journalAvailable = new ReadOnlyBooleanWrapper(false);

    /**
     * @param replays where submissions are read from
     * @param journal whether there is a journal to offer
     * @param fx      where properties change (the FX thread)
     * @param io      where files and the journal are read
     */
    SubmissionsViewModel(Replays replays, JournalQueries journal, Executor fx, Executor io) {
        this.replays = replays;
        this.journal = journal;
        this.fx = fx;
        this.io = io;
        refreshJournal();
    }

    /**
     * Adds dropped or picked files and folders: each file as it is (the engine says what is wrong
     * with one that is no {@code .tgz}), each folder holding {@code cyber-dojo.sh} as one
     * submission, and in any other folder the archives and source folders inside it (a journal
     * export's keep the image, time limit and colour its {@code results.jsonl} records). A path
     * with nothing to replay is named in the notice; the others are still added.
     */
    public void addFiles(List<File> dropped) {
        if (dropped == null || dropped.isEmpty()) {
            return;
        }
        notice.set("");
        adding.set(adding.get() + 1);
        io.execute(() -> {
            List<ReplaySubmission> found = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (File file : dropped) {
                try {
                    for (ReplayItem item : replays.fromPaths(List.of(file.toPath()), null)) {
                        found.add(new ReplaySubmission(item));
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(sentence(e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }
            fx.execute(() -> added(found, String.join("\n", problems)));
        });
    }

    /**
     * Adds the journaled runs matching {@code filter} (as {@code warmpool replay --from-journal}
     * takes it), the most recent {@value #MAX_FROM_JOURNAL} at most. Each keeps its image, time
     * limit and the colour it had, so the results show which changed.
     */
    public void addFromJournal(String filter) {
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
            String problem = "";
            try {
                for (ReplayItem item : replays.fromJournal(parsed, MAX_FROM_JOURNAL)) {
                    found.add(new ReplaySubmission(item));
                }
                if (found.isEmpty()) {
                    problem = "No journaled run matches \"" + filter + "\".";
                }
            } catch (IOException | RuntimeException e) {
                problem = sentence(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String why = problem;
            fx.execute(() -> added(found, why));
        });
    }

    /** Adds submissions another tab chose (the Room's runs), looked into off the FX thread. */
    public void addItems(List<ReplayItem> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        notice.set("");
        adding.set(adding.get() + 1);
        io.execute(() -> {
            List<ReplaySubmission> found = chosen.stream().map(ReplaySubmission::new).toList();
            fx.execute(() -> added(found, ""));
        });
    }

    private void added(List<ReplaySubmission> found, String problems) {
        adding.set(adding.get() - 1);
        items.addAll(found);
        if (!problems.isEmpty()) {
            notice.set(problems);
        }
    }

    /** The engine's messages start in lower case, as errors do; the notice is read as sentences. */
    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    /** Whether the journal records, so that selections can be added from it; call on the FX thread. */
    void refreshJournal() {
        journalAvailable.set(journal.status().recording());
    }

    /** Says why something did not happen (Run refused, a file could not be added); empty clears it. */
    void tell(String text) {
        notice.set(text);
    }

    public void remove(ReplaySubmission submission) {
        items.remove(submission);
    }

    public void clear() {
        items.clear();
        notice.set("");
    }

    /** In the order they were added. */
    public ObservableList<ReplaySubmission> items() {
        return itemsView;
    }

    /** Drops and journal selections still being read. */
    public ReadOnlyIntegerProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** What could not be added, or why Run did nothing; empty otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The journal records: selections can be added from it. */
    public ReadOnlyBooleanProperty journalAvailableProperty() {
        return journalAvailable.getReadOnlyProperty();
    }
}
