package org.warmpool.engine.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Replaying submissions like real clients, through the gateway's WebSocket (so they are admitted,
 * throttled and journaled like anyone's). The console's Replay tab and {@code warmpool replay} both
 * use this.
 */
public interface Replays {

    /**
     * Submissions from {@code .tgz} files, folders of sources (a {@code cyber-dojo.sh} marks one),
     * folders of {@code .tgz} files, and journal exports (their {@code results.jsonl} keeps each
     * run's image and colour).
     *
     * @param image for sources that do not name theirs; {@code null} to leave it open
     */
    List<ReplayItem> fromPaths(List<Path> paths, String image) throws IOException;

    /** Journaled runs matching {@code filter}, oldest first, at most {@code limit}, each with its colour then. */
    List<ReplayItem> fromJournal(JournalFilter filter, int limit) throws IOException;

    /** Starts sending {@code items} as {@code plan} says; results arrive at {@code listener} as they come. */
    ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener);
}
