package org.warmpool.app;

import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.Limits;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.ThrottleLimits;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
            public String problem() {
                return problem;
            }
        };
    }

    /** A journal that only says how it is (change {@link #status} to change what it says). */
    public static class FakeJournal implements JournalQueries {
        public JournalStatus status;

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
}
