package org.warmpool.engine.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the journal recorded: every accepted submission, its archive, and its reply. */
public interface JournalQueries {

    /** Whether it records, where, how much it holds, and what went wrong last. */
    JournalStatus status();

    /** Forwarding results to a saver: empty when no saver is configured. */
    default Optional<SaverStatus> saver() {
        return Optional.empty();
    }

    /**
     * The most recent runs matching {@code filter}, at most {@code limit}, oldest of them first.
     *
     * @throws IOException when recording is off or the journal cannot be read
     */
    List<JournalEntry> find(JournalFilter filter, int limit) throws IOException;

    /** The {@code .tgz} a run was submitted with. */
    byte[] archive(long seq) throws IOException;

    /** Writes the matching runs as {@code .tgz} files plus {@code results.jsonl} into {@code folder}; returns how many. */
    int export(JournalFilter filter, int limit, Path folder) throws IOException;
}
