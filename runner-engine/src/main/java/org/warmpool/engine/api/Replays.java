package org.warmpool.engine.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Replaying submissions like real clients, through the gateway's WebSocket (so they are admitted,
 * throttled and journaled like anyone's). The console's Replay tab and {@code warmpool replay} both
 * use this.
 *
 * <pre>{@code
 * List<ReplayItem> items = replays.fromPaths(List.of(Path.of("workshop-2026-11-28")), null);
 * ReplaySession session = replays.start(items, new ReplayPlan(new Pacing.Concurrency(2), 1, null, 0), listener);
 * ReplayReport report = session.done().join();   // session.cancel() sends no more
 * }</pre>
 */
public interface Replays {

    /**
     * Submissions from {@code .tgz} files, folders of sources (a {@code cyber-dojo.sh} marks one),
     * folders of {@code .tgz} files, and journal exports (their {@code results.jsonl} keeps each
     * run's image, time limit and colour), each folder looked through to the same depth, in path
     * order.
     *
     * @param image for sources that do not name theirs; {@code null} to leave it open
     * @throws IOException naming the first path that cannot be read or holds nothing to replay
     */
    List<ReplayItem> fromPaths(List<Path> paths, String image) throws IOException;

    /**
     * Journaled runs matching {@code filter}, oldest first, at most {@code limit} (the most
     * recent), each with its image, time limit and colour then.
     *
     * @throws IOException when recording is off, or the journal cannot be read
     */
    List<ReplayItem> fromJournal(JournalFilter filter, int limit) throws IOException;

    /**
     * Starts sending {@code items} as {@code plan} says, on threads of the session's own, and
     * returns at once; the listener (may be {@code null}) hears of each submission as it goes and
     * as its answer comes. An item goes to the plan's image, else its own; with its own time limit,
     * else the plan's, else 10 s.
     *
     * @throws IllegalArgumentException when there is nothing to send, or an item has no image and the plan names none
     */
    ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener);
}
