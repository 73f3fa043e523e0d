package org.warmpool.app;

import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.api.Limits;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.replay.ReplayService;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Small in-memory stand-ins for the engine's ports: view models tested without Docker or a screen. */
public final class Fakes {
    private Fakes() {
    }

    /** A pool snapshot: ready, with these counts, 4 warm and 1 cold start, and 2 red, 1 amber, 3 green runs. */
    public static PoolSnapshot pool(String image, int target, int ready, int running) {
        return new PoolSnapshot(image, PoolState.READY, "", target, ready, 0, running, 0, 4, 1,
                Map.of(Outcome.RED, 2L, Outcome.AMBER, 1L, Outcome.GREEN, 3L), 120, 300, true,
                "/usr/local/bin/red_amber_green.rb", true);
    }

    /** Pools by image; what the view model did to them is kept to look at; a preparation ends when the test says. */
    public static class FakePools implements Pools {
        public final Map<String, Integer> targets = new LinkedHashMap<>();
        public final List<String> removed = new ArrayList<>();
        public final List<FakePreparation> preparations = new ArrayList<>();
        public CompletableFuture<PoolSnapshot> nextAdd;

        @Override
        public List<PoolSnapshot> list() {
            return targets.entrySet().stream().map(e -> pool(e.getKey(), e.getValue(), 0, 0)).toList();
        }

        @Override
        public Optional<PoolSettings> settings(String image) {
            return Optional.ofNullable(targets.get(image)).map(PoolSettings::withTarget);
        }

        @Override
        public CompletableFuture<PoolSnapshot> add(String image, PoolSettings settings) {
            targets.put(image, settings.target());
            return nextAdd != null ? nextAdd : CompletableFuture.completedFuture(pool(image, settings.target(), 0, 0));
        }

        @Override
        public PoolSnapshot setTarget(String image, int target) {
            if (!targets.containsKey(image)) {
                throw new RunRejectedException(RunRejectedException.Reason.UNKNOWN_IMAGE, "no pool for " + image);
            }
            targets.put(image, target);
            return new PoolSnapshot(image, PoolState.READY, "", target, 1, target - 1, 0, 0, 0, 0, Map.of(), 0, 0, true, "image", true);
        }

        @Override
        public CompletableFuture<Void> remove(String image) {
            removed.add(image);
            targets.remove(image);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Preparation prepare(List<String> images, PreparationListener listener) {
            FakePreparation preparation = new FakePreparation(listener);
            preparations.add(preparation);
            return preparation;
        }
    }

    /** A preparation the test drives: it tells progress and finishes it by hand. */
    public static final class FakePreparation implements Pools.Preparation {
        public final Pools.PreparationListener listener;
        public final CompletableFuture<List<Pools.PoolProgress>> done = new CompletableFuture<>();
        public List<Pools.PoolProgress> last = List.of();
        public boolean cancelled;

        FakePreparation(Pools.PreparationListener listener) {
            this.listener = listener;
        }

        /** The engine saying how far the pools have got; finishes when every one is done. */
        public void progress(Pools.PoolProgress... pools) {
            last = List.of(pools);
            listener.progress(last);
            if (last.stream().allMatch(Pools.PoolProgress::done)) {
                done.complete(last);
            }
        }

        @Override
        public CompletableFuture<List<Pools.PoolProgress>> done() {
            return done;
        }

        @Override
        public void cancel() {
            cancelled = true;
            done.complete(last);
        }
    }

    /** Limits in force, and every set applied; {@link #refuse} makes the next apply fail as the engine would. */
    public static class FakeLimits implements Limits {
        public ThrottleLimits current;
        public final List<ThrottleLimits> applied = new ArrayList<>();
        public String refuse;

        public FakeLimits(ThrottleLimits current) {
            this.current = current;
        }

        @Override
        public ThrottleLimits current() {
            return current;
        }

        @Override
        public ThrottleLimits apply(ThrottleLimits limits) {
            if (refuse != null) {
                throw new IllegalArgumentException(refuse);
            }
            applied.add(limits);
            current = limits;
            return limits;
        }
    }

    /** A gateway listening on these addresses, or (with a problem) not at all. */
    public static Addresses addresses(String webSocket, String http, String problem) {
        return new Addresses() {
            @Override
            public Optional<URI> webSocket() {
                return Optional.ofNullable(webSocket).map(URI::create);
            }

            @Override
            public Optional<URI> http() {
                return Optional.ofNullable(http).map(URI::create);
            }

            @Override
            public Optional<URI> localWebSocket() {
                return webSocket();
            }

            @Override
            public Optional<String> token() {
                return Optional.empty();
            }

            @Override
            public List<URI> participantPages() {
                return List.of();
            }

            @Override
            public boolean loopbackOnly() {
                return true;
            }

            @Override
            public String problem() {
                return problem;
            }
        };
    }

    /** A room whose snapshot a test sets, and runs it can open (the journal's part, faked). */
    public static class FakeRoom implements org.warmpool.engine.api.Room {
        public volatile org.warmpool.engine.api.RoomSnapshot snapshot = new org.warmpool.engine.api.RoomSnapshot(0, null, "", List.of());
        public final Map<Long, org.warmpool.engine.api.RoomRun> runs = new java.util.concurrent.ConcurrentHashMap<>();
        public int sessions;

        @Override
        public org.warmpool.engine.api.RoomSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public org.warmpool.engine.api.RoomSnapshot newSession() {
            sessions++;
            snapshot = new org.warmpool.engine.api.RoomSnapshot(snapshot.version() + 1, java.time.Instant.now(), "", List.of());
            return snapshot;
        }

        @Override
        public org.warmpool.engine.api.RoomRun run(long seq) throws IOException {
            org.warmpool.engine.api.RoomRun run = runs.get(seq);
            if (run == null) {
                throw new IOException("run " + seq + " is no longer in the journal");
            }
            return run;
        }

        @Override
        public String csv() {
            return "participant,time,image,outcome,duration_ms\r\n";
        }

        @Override
        public int exportSession(Path folder) {
            return 0;
        }
    }

    /** A journal that only says how it is (change {@link #status} to change what it says). */
    public static class FakeJournal implements JournalQueries {
        public JournalStatus status;
        /** The saver's status; {@code null} for no saver. */
        public SaverStatus saver;

        public FakeJournal(JournalStatus status) {
            this.status = status;
        }

        /** Recording, with this many runs and bytes. */
        public static FakeJournal recording(long runs, long bytes) {
            return new FakeJournal(new JournalStatus(true, Path.of("/tmp/journal.db"), runs, bytes, runs, 0, 0, ""));
        }

        /** Not recording: switched off when {@code problem} is empty, failed otherwise. */
        public static FakeJournal off(String problem) {
            return new FakeJournal(new JournalStatus(false, Path.of("/tmp/journal.db"), 0, 0, 0, 0, 0, problem));
        }

        @Override
        public JournalStatus status() {
            return status;
        }

        @Override
        public Optional<SaverStatus> saver() {
            return Optional.ofNullable(saver);
        }

        @Override
        public List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
            throw new IOException("a fake journal holds no runs");
        }

        @Override
        public byte[] archive(long seq) throws IOException {
            throw new IOException("a fake journal holds no runs");
        }

        @Override
        public int export(JournalFilter filter, int limit, Path folder) throws IOException {
            throw new IOException("a fake journal holds no runs");
        }
    }

    /**
     * Replays that read files and folders as the engine does (its {@link ReplayService}, with no
     * gateway to send to), give {@link #journal} as the journal's selection, and start sessions the
     * test drives — by hand, or through {@link #answers}.
     */
    public static class FakeReplays implements Replays {
        private final Replays sources = new ReplayService(null, null, null);
        /** What {@link #fromJournal} finds; {@code null}: recording is off. */
        public List<ReplayItem> journal;
        /**
         * When set, a session sends its submissions one at a time as it starts, each answered with
         * this; {@code null} for an answer leaves that one unanswered and sends no more (a closed
         * loop of one, waiting).
         */
        public Function<ReplayItem, ReplayReport.Reply> answers;
        /** When set, {@link #start} throws it (as when the gateway is not open). */
        public RuntimeException refuseStart;
        public final List<FakeSession> sessions = new ArrayList<>();

        @Override
        public List<ReplayItem> fromPaths(List<Path> paths, String image) throws IOException {
            return sources.fromPaths(paths, image);
        }

        @Override
        public List<ReplayItem> fromJournal(JournalFilter filter, int limit) throws IOException {
            if (journal == null) {
                throw new IOException("recording is off, so there is no journal to replay from (settings: journal.enabled)");
            }
            return journal.subList(Math.max(0, journal.size() - limit), journal.size());
        }

        @Override
        public ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener) {
            if (refuseStart != null) {
                throw refuseStart;
            }
            FakeSession session = new FakeSession(items, plan, listener);
            sessions.add(session);
            if (answers != null) {
                session.answerInTurn(answers);
            }
            return session;
        }

        /** The latest session. */
        public FakeSession session() {
            return sessions.get(sessions.size() - 1);
        }
    }

    /** A replay session the test drives: it sends, answers and finishes when told, in the engine's order of submissions. */
    public static final class FakeSession implements ReplaySession {
        public final List<ReplayItem> items;
        public final ReplayPlan plan;
        private final ReplayListener listener;
        private final List<ReplayReport.Reply> replies = new ArrayList<>();
        private final CompletableFuture<ReplayReport> done = new CompletableFuture<>();
        public boolean cancelled;

        FakeSession(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener) {
            this.items = List.copyOf(items);
            this.plan = plan;
            this.listener = listener;
        }

        /** Submissions it means to send. */
        public int planned() {
            return items.size() * plan.repeat();
        }

        /** The {@code index}-th submission, as the engine orders them: the items in turn, then again. */
        public ReplayItem item(int index) {
            return items.get(index % items.size());
        }

        public void send(int index) {
            listener.sent(index, item(index));
        }

        /** A stretch of the {@code index}-th submission's output while it runs. */
        public void output(int index, StdStream stream, String text) {
            listener.output(index, stream, text);
        }

        public void answer(int index, ReplayReport.Reply reply) {
            replies.add(reply);
            listener.answered(index, reply);
        }

        /** Every submission sent was answered: the report. */
        public void finish() {
            done.complete(new ReplayReport(URI.create("ws://127.0.0.1:1/"), plan.image(), "fake", planned(), replies,
                    Duration.ZERO, Duration.ZERO, cancelled && replies.size() < planned(), 0));
        }

        /** The gateway could not be reached. */
        public void fail(IOException why) {
            done.completeExceptionally(why);
        }

        void answerInTurn(Function<ReplayItem, ReplayReport.Reply> answers) {
            for (int i = 0; i < planned() && !cancelled; i++) {
                send(i);
                ReplayReport.Reply reply = answers.apply(item(i));
                if (reply == null) {
                    return;
                }
                answer(i, reply);
            }
            finish();
        }

        @Override
        public CompletableFuture<ReplayReport> done() {
            return done;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** A result, as the replay reports it. */
    public static ReplayReport.Reply reply(ReplayItem item, RunResult result) {
        return new ReplayReport.Reply(item.name(), item.expected(), result.outcome(), null, null, 1234, false, result);
    }

    /** An error reply, as the replay reports it ({@code code}: bad_archive, unknown_image, docker_unavailable, …). */
    public static ReplayReport.Reply refusal(ReplayItem item, String code, String message) {
        return new ReplayReport.Reply(item.name(), item.expected(), null, code, message, 5, false, null);
    }
}
