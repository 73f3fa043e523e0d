package org.warmpool.app.replay;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ReplayItem;

/**
 * One submission in the list, as the engine's replay read it (a {@code .tgz} file, a folder of
 * sources, an export's archive, a journaled run), with a look inside its archive. Made off the FX
 * thread (the look unpacks the archive); never changes.
 */
public final class ReplaySubmission {
    private final ReplayItem item;
    private final ArchivePreview preview;

    /** Looks inside the archive: call off the FX thread. */
    ReplaySubmission(ReplayItem item) {
        this.item = item;
        this.preview = ArchivePreview.of(item.tgz());
    }

    /** The submission to send. */
    public ReplayItem item() {
        return item;
    }

    /** The engine's name for it (a file's name, a folder's with a trailing {@code /}), with the colour it had: "… · was red". */
    public String name() {
        return item.expected() == null ? item.name() : item.name() + "  · was " + ReplayRow.word(item.expected());
    }

    /** The image it ran on when it was recorded; {@code null} for files and folders, which run on the chosen image. */
    public String image() {
        return item.image();
    }

    /** Its recorded time limit; 0 when it takes the chosen one. */
    public int maxSeconds() {
        return item.maxSeconds();
    }

    /** The colour it had when recorded (journal, export); {@code null} when unknown. */
    public Outcome expected() {
        return item.expected();
    }

    /** "3 files · 1.2 KB", or what the engine will object to; for the list of submissions. */
    public String state() {
        return preview.text();
    }

    /** The engine will most likely refuse it (running it shows its answer). */
    public boolean suspect() {
        return preview.suspect();
    }
}
