package org.warmpool.engine.replay;

import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.Pacing;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.journal.Journal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Replays through one gateway's WebSocket, as clients would: the runs are admitted, throttled and
 * journaled like anyone's. {@code warmpool replay} and the console's Replay tab both use this.
 *
 * <pre>{@code
 * Replays replays = new ReplayService(URI.create("ws://127.0.0.1:4598/"), null, journal);
 * List<ReplayItem> items = replays.fromPaths(List.of(Path.of("workshop-2026-11-28")), null);
 * ReplaySession session = replays.start(items, new ReplayPlan(new Pacing.Rate(2), 1, null, 0), listener);
 * ReplayReport report = session.done().join();
 * }</pre>
 */
public final class ReplayService implements Replays {
    private final URI webSocket;
    private final String token;
    private final Journal journal;

    /**
     * @param webSocket where the gateway's WebSocket listens, e.g. {@code ws://127.0.0.1:4598/}; {@code null}
     *                  when the gateway is not open (sources can still be read; {@link #start} says why it cannot send)
     * @param token     its bearer token, or {@code null} when it needs none
     * @param journal   where {@link #fromJournal} reads; {@code null} when recording is off
     */
    public ReplayService(URI webSocket, String token, Journal journal) {
        this.webSocket = webSocket;
        this.token = token;
        this.journal = journal;
    }

    /**
     * As {@link ReplaySources#fromPaths}, with {@code image} given to the items that have none.
     *
     * @throws IOException naming the first path that cannot be read or holds nothing to replay
     */
    @Override
    public List<ReplayItem> fromPaths(List<Path> paths, String image) throws IOException {
        List<ReplayItem> items = ReplaySources.fromPaths(paths);
        return image == null ? items : items.stream().map(i -> i.image() == null ? i.withImage(image) : i).toList();
    }

    /** @throws IOException when recording is off (there is no journal), or the journal cannot be read */
    @Override
    public List<ReplayItem> fromJournal(JournalFilter filter, int limit) throws IOException {
        if (journal == null) {
            throw new IOException("recording is off, so there is no journal to replay from (settings: journal.enabled)");
        }
        return ReplaySources.fromJournal(journal, filter, limit);
    }

    /**
     * Starts sending on threads of its own and returns at once. Submission {@code i} (0, 1, 2… in
     * the order they are sent) is {@code items[i % items.size()]} for {@link org.warmpool.engine.api.Pacing.Rate}
     * and {@link org.warmpool.engine.api.Pacing.Concurrency}; each workshop client works through the
     * items in turn. The listener hears of each with the image and time limit it was sent with.
     * When the gateway cannot be reached, {@link ReplaySession#done()} completes exceptionally
     * with an {@link IOException} naming it.
     *
     * @throws IllegalArgumentException when {@code items} is empty, or an item has no image and the plan names none
     */
    @Override
    public ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener) {
        return start(items, plan, listener, new Random());
    }

    /** As {@link #start(List, ReplayPlan, ReplayListener)}, the workshop clients' starting moments drawn from {@code random}. */
    ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener, Random random) {
        if (webSocket == null) {
            throw new IllegalStateException("replays are sent through the gateway's WebSocket, and it is not open"
                    + " (see the status bar: its port may be in use)");
        }
        return new Replayer(webSocket, token, items, plan, listener, random).start();
    }
}
