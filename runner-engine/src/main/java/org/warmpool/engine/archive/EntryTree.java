package org.warmpool.engine.archive;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files and folders of a submission as they arrive, checked as they arrive: a duplicate, a
 * name used both as a file and as a folder, or one entry too many is refused before its content
 * is read.
 *
 * <p>Entries are counted as files plus the folders they sit in, whether or not an archive lists
 * those folders: the count then belongs to the submission, not to the way a client happened to
 * pack it, and whatever one reader accepts the packer can write and the reader accept again.
 */
final class EntryTree {

    private final ArchiveLimits limits;
    private final boolean fromArchive;
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final Set<String> folders = new HashSet<>();
    private long contentBytes;

    /**
     * @param fromArchive whether the entries come from an archive, which only changes how the
     *                    size limit reads in a message
     */
    EntryTree(ArchiveLimits limits, boolean fromArchive) {
        this.limits = limits;
        this.fromArchive = fromArchive;
    }

    /** A folder entry; {@code path} is normalised and not the root. */
    void addFolder(String path) throws ArchiveException {
        if (files.containsKey(path)) {
            throw bothFileAndFolder(path);
        }
        if (folders.contains(path)) {
            return; // tar lets an archive list a folder twice; it means nothing more
        }
        int added = 1 + checkAncestors(path);
        checkCount(added);
        addAncestors(path);
        folders.add(path);
    }

    /**
     * Makes room for a file before its content is read, so that an entry claiming more bytes
     * than the limit is refused without reading any of them.
     */
    void reserveFile(String path, long size) throws ArchiveException {
        if (files.containsKey(path)) {
            throw ArchiveException.bad("entry " + PathRules.quote(path) + " appears twice");
        }
        if (folders.contains(path)) {
            throw bothFileAndFolder(path);
        }
        int added = 1 + checkAncestors(path);
        checkCount(added);
        if (size > limits.maxUncompressedBytes() - contentBytes) {
            String limit = ArchiveLimits.describe(limits.maxUncompressedBytes()) + " (limit "
                    + limits.maxUncompressedBytes() + " bytes)";
            String where = "; entry " + PathRules.quote(path) + " is " + size + " bytes";
            throw ArchiveException.tooLarge(fromArchive
                    ? "archive unpacks to more than " + limit + where
                    : "files add up to more than " + limit + where);
        }
    }

    /** Adds a file whose path {@link #reserveFile} accepted; the tree keeps {@code content}. */
    void putFile(String path, byte[] content) {
        addAncestors(path);
        files.put(path, content);
        contentBytes += content.length;
    }

    TreeMap<String, byte[]> files() {
        return files;
    }

    /** How many of {@code path}'s folders are new; refuses a folder that is already a file. */
    private int checkAncestors(String path) throws ArchiveException {
        int added = 0;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String folder = path.substring(0, slash);
            if (files.containsKey(folder)) {
                throw bothFileAndFolder(folder);
            }
            if (!folders.contains(folder)) {
                added++;
            }
        }
        return added;
    }

    private void addAncestors(String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            folders.add(path.substring(0, slash));
        }
    }

    private void checkCount(int added) throws ArchiveException {
        if ((long) files.size() + folders.size() + added > limits.maxEntries()) {
            throw ArchiveException.tooLarge((fromArchive ? "archive has" : "submission has") + " more than "
                    + limits.maxEntries() + " entries (limit " + limits.maxEntries()
                    + ", files and folders together)");
        }
    }

    private static ArchiveException bothFileAndFolder(String path) {
        return ArchiveException.bad(PathRules.quote(path) + " is both a file and a folder");
    }
}
