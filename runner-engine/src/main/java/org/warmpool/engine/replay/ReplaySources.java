package org.warmpool.engine.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.warmpool.engine.api.JournalEntry;
import org.warmpool.engine.api.JournalFilter;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.run.RunRequest;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where replayed submissions come from: the journal, {@code .tgz} files, folders of them, folders
 * of sources, and journal exports. The one place that looks through folders, for
 * {@code warmpool replay} and the console alike.
 */
public final class ReplaySources {
    /**
     * How deep a folder is looked through: entries at most this many names below it (an archive
     * at {@code a/b/c/d/e/f/g/x.tgz} is found; one more folder and it is not).
     */
    public static final int MAX_DEPTH = 8;
    /** What {@code warmpool journal export} writes beside its archives: a line per run. */
    public static final String EXPORT_INDEX = "results.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplaySources() {
    }

    /** The journaled runs matching {@code filter} (the most recent {@code limit}), oldest first, with their colours then. */
    public static List<ReplayItem> fromJournal(Journal journal, JournalFilter filter, int limit) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        for (JournalEntry e : journal.find(filter, limit)) {
            items.add(new ReplayItem(withoutExtension(Journal.fileName(e)), e.image(), e.maxSeconds(), journal.tgz(e.seq()),
                    outcome(e.outcome())));
        }
        return items;
    }

    /**
     * Each file as it is (it is meant to be a {@code .tgz}: Warmpool says what is wrong with it
     * otherwise); each folder holding {@code cyber-dojo.sh} packed as one submission; in any other
     * folder, {@value #MAX_DEPTH} levels deep, the {@code .tgz} (or {@code .tar.gz}) files and the
     * source folders inside it, in path order. A folder written by {@code warmpool journal export}
     * also gives each of its archives the image, time limit and colour its {@value #EXPORT_INDEX}
     * records. Items without a recorded time limit have 0; only exported and journaled ones have an
     * image.
     *
     * @throws IOException naming the first path that cannot be read or holds nothing to replay
     */
    public static List<ReplayItem> fromPaths(List<Path> paths) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IOException("not found: " + path);
            }
            if (Files.isDirectory(path)) {
                items.addAll(fromFolder(path));
            } else {
                items.add(new ReplayItem(name(path), null, 0, archive(path), null));
            }
        }
        return items;
    }

    private static List<ReplayItem> fromFolder(Path folder) throws IOException {
        if (isSourceFolder(folder)) {
            return List.of(packed(folder, name(folder) + "/"));
        }
        Path root = folder.toRealPath();
        Map<Path, Boolean> found = new TreeMap<>(); // relative path → is a source folder
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && isSourceFolder(dir)) {
                    found.put(root.relativize(dir), true);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // at the depth limit folders arrive here, unopened
                if (attrs.isDirectory() && isSourceFolder(file)) {
                    found.put(root.relativize(file), true);
                } else if (attrs.isRegularFile() && isTgz(file)) {
                    found.put(root.relativize(file), false);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw new IOException("cannot look inside " + folder.resolve(root.relativize(file)) + ": " + reason(e), e);
            }
        });
        if (found.isEmpty()) {
            throw new IOException("nothing to replay in " + folder + ": no .tgz files and no " + TgzReader.CYBER_DOJO_SH
                    + " (looked " + MAX_DEPTH + " folders deep)");
        }
        Map<Path, Map<String, JsonNode>> exports = new HashMap<>();
        List<ReplayItem> items = new ArrayList<>();
        for (Map.Entry<Path, Boolean> f : found.entrySet()) {
            Path relative = f.getKey();
            Path path = folder.resolve(relative);
            if (f.getValue()) {
                items.add(packed(path, relative + "/"));
                continue;
            }
            Map<String, JsonNode> index = exports.get(path.getParent());
            if (index == null) {
                index = exportIndex(path.getParent());
                exports.put(path.getParent(), index);
            }
            JsonNode line = index.get(path.getFileName().toString());
            String name = withoutExtension(relative.toString());
            byte[] tgz = archive(path);
            items.add(line == null ? new ReplayItem(name, null, 0, tgz, null)
                    : new ReplayItem(name, text(line, "image"), maxSeconds(line), tgz, outcome(text(line, "outcome"))));
        }
        return items;
    }

    private static boolean isSourceFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(TgzReader.CYBER_DOJO_SH));
    }

    private static boolean isTgz(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tgz") || name.endsWith(".tar.gz");
    }

    private static String withoutExtension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tgz") ? name.substring(0, name.length() - 4)
                : lower.endsWith(".tar.gz") ? name.substring(0, name.length() - 7) : name;
    }

    private static String name(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    private static byte[] archive(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + reason(e), e);
        }
        if (bytes.length == 0) {
            throw new IOException(file + " is empty: there is no archive in it to send");
        }
        return bytes;
    }

    /** {@value #EXPORT_INDEX} in {@code folder}, by archive name; empty when there is none. */
    private static Map<String, JsonNode> exportIndex(Path folder) throws IOException {
        Map<String, JsonNode> byFile = new HashMap<>();
        Path index = folder.resolve(EXPORT_INDEX);
        if (!Files.isRegularFile(index)) {
            return byFile;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(index);
        } catch (IOException e) {
            throw new IOException("cannot read " + index + ": " + reason(e), e);
        }
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            JsonNode json;
            try {
                json = JSON.readTree(lines.get(n));
            } catch (JsonProcessingException e) {
                throw new IOException(index + " line " + (n + 1) + " is not JSON: " + e.getOriginalMessage(), e);
            }
            String file = json == null ? null : text(json, "file");
            if (file == null) {
                throw new IOException(index + " line " + (n + 1) + " names no \"file\"");
            }
            byFile.put(file, json);
        }
        return byFile;
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static int maxSeconds(JsonNode line) {
        int seconds = line.path("max_seconds").asInt(0);
        return seconds >= 1 && seconds <= RunRequest.MAX_MAX_SECONDS ? seconds : 0;
    }

    private static ReplayItem packed(Path folder, String name) throws IOException {
        try {
            return new ReplayItem(name, null, 0, TarPacker.tgz(SubmissionFiles.fromDirectory(folder, ArchiveLimits.defaults())), null);
        } catch (ArchiveException e) {
            throw new IOException(folder + ": " + e.getMessage(), e);
        }
    }

    /** A colour as the journal writes it; {@code null} for an error ({@code error:throttled}) or nothing. */
    private static Outcome outcome(String recorded) {
        if (recorded == null) {
            return null;
        }
        for (Outcome o : Outcome.values()) {
            if (o.wireName().equals(recorded)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Why, in words: a file system exception's message is often only the path ({@code
     * AccessDeniedException}), so say its kind ("access denied") instead.
     */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason()
                    : fs.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
