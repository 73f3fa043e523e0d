package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.JournalStatus;
import org.warmpool.engine.api.SaverStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The journal as the engine's door shows it: the open {@link Journal}, or, when there is none
 * (recording switched off, or the journal failed to open), a status that says so and queries that
 * refuse with the reason. It does not own the journal: whoever opened it closes it.
 */
public final class JournalService implements JournalQueries {
    private final JournalConfig config;
    private final Journal journal;
    private final String problem;
    private final Supplier<SaverStatus> saver;

    /**
     * @param config  where the journal is, or would be
     * @param journal the open journal; {@code null} when not recording
     * @param problem without a journal: why it did not open, for an operator; empty when recording
     *                was switched off on purpose (ignored when there is a journal)
     */
    public JournalService(JournalConfig config, Journal journal, String problem) {
        this(config, journal, problem, () -> null);
    }

    /** As {@link #JournalService(JournalConfig, Journal, String)}, with the saver's status ({@code null} for no saver). */
    public JournalService(JournalConfig config, Journal journal, String problem, Supplier<SaverStatus> saver) {
        this.config = config;
        this.journal = journal;
        this.problem = problem == null ? "" : problem;
        this.saver = saver;
    }

    /** Recording into {@code journal}. */
    public static JournalService of(Journal journal) {
        return new JournalService(journal.config(), journal, "");
    }

    @Override
    public JournalStatus status() {
        if (journal == null) {
            return new JournalStatus(false, config.file(), 0, 0, 0, 0, 0, problem);
        }
        return journal.stats();
    }

    @Override
    public Optional<SaverStatus> saver() {
        return Optional.ofNullable(saver.get());
    }

    /** The most recent runs matching {@code filter}, oldest first, at most {@code limit} (as {@link Journal#find}). */
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
        if (journal != null) {
            return journal;
        }
        throw new IOException(problem.isEmpty()
                ? "recording is off (journal.enabled is false, or --no-journal), so there is no journal to read"
                : "recording is off: " + problem);
    }
}
