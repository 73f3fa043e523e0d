package org.warmpool.engine.server;

import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayListener;
import org.warmpool.engine.api.ReplayPlan;
import org.warmpool.engine.api.ReplaySession;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.journal.Journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** The engine's pieces seen through the API's ports. */
final class Adapters {
    private Adapters() {
    }

    static FirstStartStatus firstStart(FirstStart first, Path savedIn) {
        FirstStart.Choice choice = first.chosen().getNow(null);
        FirstStart.State state = first.state();
        if (state == FirstStart.State.DONE && choice == null) {
            state = FirstStart.State.CHOOSING; // the choice is being handed over this very moment
        }
        String problem = "";
        if (state == FirstStart.State.FAILED) {
            try {
                first.chosen().join();
            } catch (CancellationException e) {
                problem = "";
            } catch (CompletionException e) {
                problem = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            }
        }
        return new FirstStartStatus(FirstStartStatus.State.valueOf(state.name()), first.reason(), first.target(),
                choice == null ? Map.of() : choice.pools(), choice == null ? Map.of() : choice.notReady(), problem,
                choice == null ? null : savedIn);
    }

    /** The journal, or (when recording is off or failed) a port that says so. */
    static JournalQueries journal(Journal journal, String problem, SettingsStore settings) {
        return new JournalQueries() {
            @Override
            public JournalStatus status() {
                if (journal == null) {
                    return new JournalStatus(false, settings.read(s -> s.journal.toJournalConfig().file()), 0, 0, 0, 0, 0, problem);
                }
                Journal.Stats stats = journal.stats();
                return new JournalStatus(true, stats.file(), stats.runs(), stats.bytes(), stats.recorded(), stats.evicted(),
                        stats.pending(), stats.problem());
            }

            @Override
            public List<JournalEntry> find(JournalFilter filter, int limit) throws IOException {
                return open().find(filter, limit);
            }

            @Override
            public byte[] archive(long seq) throws IOException {
                return open().tgz(seq);
            }

            @Override
            public int export(JournalFilter filter, int limit, Path folder) throws IOException {
                return open().export(filter, limit, folder);
            }

            private Journal open() throws IOException {
                if (journal == null) {
                    throw new IOException(problem.isEmpty()
                            ? "recording is off, so there is no journal (settings: journal.enabled)" : problem);
                }
                return journal;
            }
        };
    }

    static Replays replays(ServerAddresses addresses, Journal journal) {
        return new Replays() {
            @Override
            public List<ReplayItem> fromPaths(List<Path> paths, String image) throws IOException {
                throw new UnsupportedOperationException("replay port: issue12-replay");
            }

            @Override
            public List<ReplayItem> fromJournal(JournalFilter filter, int limit) throws IOException {
                throw new UnsupportedOperationException("replay port: issue12-replay");
            }

            @Override
            public ReplaySession start(List<ReplayItem> items, ReplayPlan plan, ReplayListener listener) {
                throw new UnsupportedOperationException("replay port: issue12-replay");
            }
        };
    }
}
