package org.warmpool.engine.journal;

import java.nio.file.Path;

/**
 * Where the journal lives and how much it keeps.
 *
 * @param enabled  record submissions at all
 * @param file     the SQLite database file
 * @param maxRuns  the most runs kept; the oldest go first
 * @param maxBytes the most archive and result bytes kept; the oldest go first
 */
public record JournalConfig(boolean enabled, Path file, long maxRuns, long maxBytes) {
    public static final long DEFAULT_MAX_RUNS = 100_000;
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    public JournalConfig {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("journal max runs must be at least 1, not " + maxRuns);
        }
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("journal max bytes must be at least 1 MiB, not " + maxBytes);
        }
    }

    /** Recording on, in {@link #defaultFile()}, with the default limits. */
    public static JournalConfig defaults() {
        return new JournalConfig(true, defaultFile(), DEFAULT_MAX_RUNS, DEFAULT_MAX_BYTES);
    }

    public static JournalConfig off() {
        return new JournalConfig(false, defaultFile(), DEFAULT_MAX_RUNS, DEFAULT_MAX_BYTES);
    }

    public static JournalConfig at(Path file) {
        return new JournalConfig(true, file, DEFAULT_MAX_RUNS, DEFAULT_MAX_BYTES);
    }

    public JournalConfig withLimits(long runs, long bytes) {
        return new JournalConfig(enabled, file, runs, bytes);
    }

    /** {@code $XDG_DATA_HOME/warmpool/journal.db}, else {@code ~/.local/share/warmpool/journal.db}. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("warmpool").resolve("journal.db");
    }
}
