package org.warmpool.app.replay;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.archive.SubmissionFiles;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One dropped submission: a {@code .tgz} file or a folder of sources. Its files are read once,
 * off the FX thread, as soon as it is added; {@link #files()} completes with them or with the
 * reason they cannot be sent.
 */
public final class ReplaySubmission {
    /** Where the files come from. */
    public enum Kind { TGZ, FOLDER, JOURNAL }

    private final String name;
    private final Path path;
    private final Kind kind;
    private final byte[] tgz;
    private final String image;
    private final int maxSeconds;
    private final String expected;
    private final CompletableFuture<SubmissionFiles> files = new CompletableFuture<>();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("reading…");
    private final ReadOnlyBooleanWrapper refused = new ReadOnlyBooleanWrapper(false);

    ReplaySubmission(String name, Path path, Kind kind) {
        this(name, path, kind, null, null, 0, null);
    }

    private ReplaySubmission(String name, Path path, Kind kind, byte[] tgz, String image, int maxSeconds, String expected) {
        this.name = name;
        this.path = path;
        this.kind = kind;
        this.tgz = tgz;
        this.image = image;
        this.maxSeconds = maxSeconds;
        this.expected = expected;
    }

    /** A run from the journal: its archive as received, its image, time limit and colour then. */
    static ReplaySubmission journaled(org.warmpool.engine.api.ReplayItem item) {
        String expected = item.expected() == null ? null : item.expected().wireName();
        String name = expected == null ? item.name() : item.name() + "  · was " + expected;
        return new ReplaySubmission(name, null, Kind.JOURNAL, item.tgz(), item.image(), item.maxSeconds(), expected);
    }

    /** The archive of a journaled run; {@code null} for files and folders. */
    byte[] tgz() {
        return tgz;
    }

    /** The image a journaled run ran on; {@code null} for files and folders, which run on the chosen image. */
    public String image() {
        return image;
    }

    /** A journaled run's time limit; 0 for files and folders, which take the chosen one. */
    public int maxSeconds() {
        return maxSeconds;
    }

    /** The colour a journaled run had; {@code null} when unknown. */
    public String expected() {
        return expected;
    }

    /** The file's name, or the folder's name with a trailing slash. */
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** Completes (on a background thread) with the files, or exceptionally with why they cannot be sent. */
    public CompletableFuture<SubmissionFiles> files() {
        return files;
    }

    /** "3 files · 1.2 KB", or what is wrong; for the list of submissions. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The files could not be read: running it shows why instead. */
    public ReadOnlyBooleanProperty refusedProperty() {
        return refused.getReadOnlyProperty();
    }

    /** On the FX thread, once the files are read. */
    void showRead(SubmissionFiles read) {
        state.set(read.size() + (read.size() == 1 ? " file · " : " files · ") + ReplayRow.bytes(read.totalBytes()));
        refused.set(false);
    }

    /** On the FX thread, once reading failed. */
    void showRefused(String why) {
        state.set(why);
        refused.set(true);
    }
}
