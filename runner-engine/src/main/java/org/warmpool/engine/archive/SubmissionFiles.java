package org.warmpool.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The files of one submission: relative paths (forward slashes, no leading {@code ./}) to
 * contents, in path order. Immutable: contents are copied on the way in and on the way out.
 *
 * <p>Every way of making one applies the rules {@link TgzReader} applies to an archive, so a
 * submission is safe to pack and unpack however it arrived. Two submissions are equal when they
 * hold the same paths with the same bytes.
 */
public final class SubmissionFiles {

    private final TreeMap<String, byte[]> files;
    private final long totalBytes;

    private SubmissionFiles(TreeMap<String, byte[]> files) {
        this.files = files;
        long total = 0;
        for (byte[] content : files.values()) {
            total += content.length;
        }
        this.totalBytes = total;
    }

    /** Takes ownership of a map the caller built from checked paths and will not touch again. */
    static SubmissionFiles adopt(TreeMap<String, byte[]> files) {
        return new SubmissionFiles(files);
    }

    /** Checks and copies {@code files} under the {@linkplain ArchiveLimits#defaults() default limits}. */
    public static SubmissionFiles of(Map<String, byte[]> files) throws ArchiveException {
        return of(files, ArchiveLimits.defaults());
    }

    /**
     * Checks and copies {@code files}: every path as {@link TgzReader} checks an entry's name
     * ({@code ./x} becomes {@code x}), no duplicates after that, no name both a file and a
     * folder, and the limits on entries and total bytes. The compressed limit does not apply.
     */
    public static SubmissionFiles of(Map<String, byte[]> files, ArchiveLimits limits) throws ArchiveException {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(limits, "limits");
        EntryTree tree = new EntryTree(limits, false);
        // Sorted, so that which of two clashing names is reported does not depend on map order.
        List<Map.Entry<String, byte[]>> sorted = new ArrayList<>(files.entrySet());
        for (Map.Entry<String, byte[]> file : sorted) {
            if (file.getKey() == null) {
                throw ArchiveException.bad("a file has no name");
            }
        }
        sorted.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, byte[]> file : sorted) {
            byte[] content = file.getValue();
            if (content == null) {
                throw ArchiveException.bad("file " + PathRules.quote(file.getKey()) + " has no content (null)");
            }
            String path = PathRules.normalise(file.getKey(), false, limits);
            tree.reserveFile(path, content.length);
            tree.putFile(path, content.clone());
        }
        return new SubmissionFiles(tree.files());
    }

    /** {@link #fromTextMap(Map, ArchiveLimits)} under the default limits. */
    public static SubmissionFiles fromTextMap(Map<String, String> files) throws ArchiveException {
        return fromTextMap(files, ArchiveLimits.defaults());
    }

    /**
     * Files sent as name to text, as the cyber-dojo HTTP API sends them; each text is stored as
     * UTF-8. The same checks as {@link #of(Map, ArchiveLimits)} apply.
     */
    public static SubmissionFiles fromTextMap(Map<String, String> files, ArchiveLimits limits) throws ArchiveException {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(limits, "limits");
        Map<String, byte[]> bytes = new HashMap<>(); // of() refuses a null name with a message
        long total = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            String text = file.getValue();
            if (text == null) {
                throw ArchiveException.bad("file " + PathRules.quote(String.valueOf(file.getKey())) + " has no content (null)");
            }
            // Stop encoding once the total is certainly over: a huge JSON body costs no more.
            if (text.length() > limits.maxUncompressedBytes() - total) {
                throw ArchiveException.tooLarge("files add up to more than "
                        + ArchiveLimits.describe(limits.maxUncompressedBytes()) + " (limit "
                        + limits.maxUncompressedBytes() + " bytes)");
            }
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            total += content.length;
            bytes.put(file.getKey(), content);
        }
        return of(bytes, limits);
    }

    /**
     * The regular files under {@code dir}, all of them, hidden ones included; empty folders are
     * not kept. A symlink, FIFO, socket or device anywhere under {@code dir} is refused rather
     * than skipped, so that what is sent is never silently less than what the folder holds.
     *
     * @throws IOException      when the folder cannot be read
     * @throws ArchiveException when a path or the whole breaks a rule or a limit
     */
    public static SubmissionFiles fromDirectory(Path dir, ArchiveLimits limits) throws IOException, ArchiveException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(limits, "limits");
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder: " + dir);
        }
        Path root = dir.toRealPath();
        EntryTree tree = new EntryTree(limits, false);
        ArchiveException[] refused = new ArchiveException[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try {
                    addFile(root, file, attrs, tree, limits);
                    return FileVisitResult.CONTINUE;
                } catch (ArchiveException e) {
                    refused[0] = e;
                    return FileVisitResult.TERMINATE;
                }
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return new SubmissionFiles(tree.files());
    }

    private static void addFile(Path root, Path file, BasicFileAttributes attrs, EntryTree tree, ArchiveLimits limits)
            throws IOException, ArchiveException {
        StringBuilder relative = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (relative.length() > 0) {
                relative.append('/');
            }
            relative.append(part);
        }
        String name = relative.toString();
        if (attrs.isSymbolicLink()) {
            throw ArchiveException.bad("symlink " + PathRules.quote(name) + " -> "
                    + PathRules.quote(Files.readSymbolicLink(file).toString())
                    + " is not allowed: send regular files only (copy the file in instead)");
        }
        if (!attrs.isRegularFile()) {
            throw ArchiveException.bad(PathRules.quote(name)
                    + " is not a regular file (a FIFO, socket or device) and is not allowed: send regular files only");
        }
        String path = PathRules.normalise(name, false, limits);
        tree.reserveFile(path, attrs.size());
        byte[] content;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readNBytes((int) Math.min(attrs.size() + 1, Integer.MAX_VALUE));
        }
        if (content.length != attrs.size()) {
            throw new IOException("file " + file + " changed while it was being read");
        }
        tree.putFile(path, content);
    }

    /** A copy of every file, in path order; changing it changes nothing here. */
    public Map<String, byte[]> asMap() {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((path, content) -> copy.put(path, content.clone()));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The paths, in order, without copying any content. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** A copy of one file's content, or null when there is no such file. */
    public byte[] get(String path) {
        byte[] content = files.get(path);
        return content == null ? null : content.clone();
    }

    public int size() {
        return files.size();
    }

    /** The sum of the files' sizes. */
    public long totalBytes() {
        return totalBytes;
    }

    public boolean hasCyberDojoSh() {
        return files.containsKey(TgzReader.CYBER_DOJO_SH);
    }

    /** The shared arrays, in path order, for the packer; nothing in this package changes them. */
    void forEachShared(BiConsumer<String, byte[]> action) {
        files.forEach(action);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SubmissionFiles that) || files.size() != that.files.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!Arrays.equals(file.getValue(), that.files.get(file.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            hash = 31 * hash + (file.getKey().hashCode() ^ Arrays.hashCode(file.getValue()));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder("SubmissionFiles[").append(files.size()).append(" files, ")
                .append(totalBytes).append(" bytes");
        int listed = 0;
        for (String path : files.keySet()) {
            shown.append(listed == 0 ? ": " : ", ");
            if (listed == 8) {
                shown.append("…");
                break;
            }
            shown.append(path);
            listed++;
        }
        return shown.append(']').toString();
    }
}
