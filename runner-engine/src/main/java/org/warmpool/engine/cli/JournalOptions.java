package org.warmpool.engine.cli;

import org.warmpool.engine.config.Settings;
import org.warmpool.engine.journal.JournalConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The journal's flags, shared by {@code serve}, {@code journal} and {@code replay}; each overrides the settings file. */
final class JournalOptions {
    @Option(names = "--journal", paramLabel = "FILE",
            description = "The journal's database (default: journal.db in $XDG_DATA_HOME/warmpool or ~/.local/share/warmpool).")
    Path file;

    @Option(names = "--no-journal", description = "Record nothing (serve only).")
    boolean off;

    @Option(names = "--journal-max-runs", paramLabel = "N", description = "Keep at most N runs; the oldest go first (default 100000).")
    Long maxRuns;

    @Option(names = "--journal-max-bytes", paramLabel = "SIZE",
            description = "Keep at most SIZE of archives and results, e.g. 512M or 2G; the oldest go first (default 1G).")
    String maxBytes;

    JournalConfig resolve(Settings settings) {
        JournalConfig base = settings.journal.toJournalConfig();
        return new JournalConfig(base.enabled() && !off, file != null ? file : base.file(),
                maxRuns != null ? maxRuns : base.maxRuns(), maxBytes != null ? bytes(maxBytes) : base.maxBytes());
    }

    /** {@code 1048576}, {@code 512K}, {@code 512M}, {@code 2G} (binary units). */
    static long bytes(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replaceAll("I?B$", "");
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits.trim()), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size; write e.g. 1048576, 512M or 2G");
        }
    }
}
