package org.warmpool.engine.replay;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ReplayItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.run.RunRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where replayed submissions come from: the journal, {@code .tgz} files, folders of them, folders of sources. */
public final class ReplaySources {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 8;

    private ReplaySources() {
    }

    /** The journaled runs matching {@code filter} (the most recent {@code limit}), with their journaled colours. */
    public static List<ReplayItem> fromJournal(Journal journal, JournalFilter filter, int limit) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        for (JournalEntry e : journal.find(filter, limit)) {
            String name = Journal.fileName(e).replaceFirst("\\.tgz$", "");
            items.add(new ReplayItem(name, e.image(), e.maxSeconds(), journal.tgz(e.seq()), colour(e.outcome())));
        }
        return items;
    }

    /**
     * Each {@code .tgz} file as it is; each folder holding {@code cyber-dojo.sh} packed; in any other
     * folder, the {@code .tgz} files and source folders inside it. A folder written by
     * {@code warmpool journal export} also gives each archive its image, time limit and colour.
     *
     * @throws IOException naming the path that cannot be read or holds nothing to run
     */
    public static List<ReplayItem> fromPaths(List<Path> paths) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IOException("not found: " + path);
            }
            if (Files.isDirectory(path)) {
                List<ReplayItem> inside = fromFolder(path);
                if (inside.isEmpty()) {
                    throw new IOException("nothing to replay in " + path + ": no .tgz files and no cyber-dojo.sh");
                }
                items.addAll(inside);
            } else {
                items.add(new ReplayItem(path.getFileName().toString(), null, RunRequest.DEFAULT_MAX_SECONDS,
                        Files.readAllBytes(path), null));
            }
        }
        return items;
    }

    private static List<ReplayItem> fromFolder(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve("cyber-dojo.sh"))) {
            return List.of(packed(folder, folder.getFileName() + "/"));
        }
        Map<String, JsonNode> exported = exportIndex(folder);
        List<ReplayItem> items = new ArrayList<>();
        List<Path> found;
        try (Stream<Path> walk = Files.walk(folder, MAX_DEPTH)) {
            found = walk.sorted().toList();
        }
        List<Path> sourceFolders = new ArrayList<>();
        for (Path p : found) {
            if (sourceFolders.stream().anyMatch(p::startsWith)) {
                continue;
            }
            if (Files.isDirectory(p) && !p.equals(folder) && Files.isRegularFile(p.resolve("cyber-dojo.sh"))) {
                sourceFolders.add(p);
                items.add(packed(p, folder.relativize(p) + "/"));
            } else if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".tgz")) {
                String file = folder.relativize(p).toString();
                JsonNode line = exported.get(file);
                String name = file.replaceFirst("\\.tgz$", "");
                items.add(line == null
                        ? new ReplayItem(name, null, RunRequest.DEFAULT_MAX_SECONDS, Files.readAllBytes(p), null)
                        : new ReplayItem(name, line.path("image").asText(null), line.path("max_seconds").asInt(RunRequest.DEFAULT_MAX_SECONDS),
                        Files.readAllBytes(p), colour(line.path("outcome").asText(null))));
            }
        }
        return items;
    }

    /** {@code results.jsonl} of an export, by file name. */
    private static Map<String, JsonNode> exportIndex(Path folder) throws IOException {
        Map<String, JsonNode> byFile = new HashMap<>();
        Path index = folder.resolve("results.jsonl");
        if (Files.isRegularFile(index)) {
            for (String line : Files.readAllLines(index)) {
                if (!line.isBlank()) {
                    JsonNode json = JSON.readTree(line);
                    byFile.put(json.path("file").asText(), json);
                }
            }
        }
        return byFile;
    }

    private static ReplayItem packed(Path folder, String name) throws IOException {
        try {
            return new ReplayItem(name, null, RunRequest.DEFAULT_MAX_SECONDS,
                    TarPacker.tgz(SubmissionFiles.fromDirectory(folder, ArchiveLimits.defaults())), null);
        } catch (ArchiveException e) {
            throw new IOException(folder + ": " + e.getMessage(), e);
        }
    }

    private static Outcome colour(String outcome) {
        for (Outcome o : Outcome.values()) {
            if (o.wireName().equals(outcome)) {
                return o;
            }
        }
        return null;
    }
}
