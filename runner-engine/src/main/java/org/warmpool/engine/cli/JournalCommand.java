package org.warmpool.engine.cli;

import org.warmpool.engine.config.Settings;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.JournalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code warmpool journal list|export}: what was recorded. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "List or export recorded submissions (the journal that serve and the console keep).",
        subcommands = {JournalCommand.List.class, JournalCommand.Export.class})
final class JournalCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("warmpool journal: say list or export (warmpool journal --help)");
    }

    static class Common {
        @Option(names = "--filter", paramLabel = "FILTER", defaultValue = "",
                description = "e.g. image=warmpool/python-pytest,outcome=red,since=2026-11-28T10:00 (keys: image, outcome, door, id, participant, since, until).")
        String filter;

        @Option(names = "--session", description = "Only the room's current session (the runs since its last New session mark).")
        boolean session;

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many runs, the most recent (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--config", paramLabel = "FILE", description = "Settings file, for where the journal is (default: the user's).")
        Path config;

        @Mixin
        JournalOptions journal = new JournalOptions();

        Journal open() throws IOException {
            JournalConfig where = journal.resolve(Settings.load(config != null ? config : Settings.defaultPath()));
            if (!Files.exists(where.file())) {
                throw new IOException("there is no journal at " + where.file() + " yet (serve or the console record one)");
            }
            return Journal.open(new JournalConfig(true, where.file(), where.maxRuns(), where.maxBytes()));
        }

        /** The --filter, limited to the room's current session with --session. */
        JournalFilter selection(Journal j) throws IOException {
            JournalFilter f = JournalFilter.parse(filter);
            if (!session) {
                return f;
            }
            java.time.Instant start = j.sessionStart().orElse(null);
            if (start == null) {
                return f; // no session was ever marked: the session is the whole journal
            }
            java.time.Instant since = f.since() == null || f.since().isBefore(start) ? start : f.since();
            return new JournalFilter(f.image(), f.outcome(), f.door(), f.id(), since, f.until(), f.participant());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per run: when, id, image, outcome, time, warm.")
    static final class List extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Journal j = open()) {
                java.util.List<JournalEntry> entries = j.find(selection(j), limit);
                DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
                System.out.printf("%-8s  %-19s  %-5s  %-28s  %-16s  %-24s  %-16s %8s  %s%n", "seq", "received", "door", "id",
                        "participant", "image", "outcome", "total", "warm");
                for (JournalEntry e : entries) {
                    System.out.printf("%-8d  %-19s  %-5s  %-28s  %-16s  %-24s  %-16s %8s  %s%n", e.seq(), when.format(e.receivedAt()),
                            e.door(), cut(e.id(), 28), cut(e.participantOrAnonymous(), 16), cut(e.image(), 24),
                            e.outcome() == null ? "(no reply)" : e.outcome(),
                            e.totalMillis() < 0 ? "" : e.totalMillis() + " ms", e.warm() == null ? "" : e.warm() ? "warm" : "cold");
                }
                JournalStatus stats = j.stats();
                Journal.SaverCounts saver = j.saverCounts();
                System.err.printf("%d of %d run(s) in %s (%.1f MB)%s%n", entries.size(), stats.runs(), stats.file(), stats.bytes() / 1e6,
                        saver.pending() + saver.sent() + saver.rejected() == 0 ? ""
                                : String.format("; for the saver: %d waiting, %d sent, %d rejected", saver.pending(), saver.sent(),
                                saver.rejected()));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("warmpool journal list: " + e.getMessage());
                return 2;
            }
        }

        private static String cut(String s, int n) {
            return s.length() <= n ? s : s.substring(0, n - 1) + "…";
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the selected runs into a folder: <seq>-<id>.tgz each, and results.jsonl (header and reply per line).")
    static final class Export extends Common implements Callable<Integer> {
        @Option(names = "--to", required = true, paramLabel = "DIR", description = "The folder to write (created if missing).")
        Path to;

        @Override
        public Integer call() {
            try (Journal j = open()) {
                int n = j.export(selection(j), limit, to);
                System.err.printf("exported %d run(s) to %s%n", n, to.toAbsolutePath());
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("warmpool journal export: " + e.getMessage());
                return 2;
            }
        }
    }
}
