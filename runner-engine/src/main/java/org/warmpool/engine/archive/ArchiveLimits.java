package org.warmpool.engine.archive;

/**
 * How much of a submission the engine is willing to unpack.
 *
 * <p>Crossing {@code maxCompressedBytes}, {@code maxUncompressedBytes} or {@code maxEntries} is
 * refused as {@link ArchiveException.Reason#TOO_LARGE}; a name longer than {@code maxNameBytes}
 * or nested deeper than {@code maxDepth} is a malformed submission,
 * {@link ArchiveException.Reason#BAD_ARCHIVE}.
 *
 * @param maxCompressedBytes   bytes of gzip the reader pulls from its input before giving up
 * @param maxUncompressedBytes total bytes of file content the archive may unpack to
 * @param maxEntries           files and folders, together, the archive may hold
 * @param maxNameBytes         length of a whole relative path (such as {@code src/main/App.java})
 *                             in UTF-8 bytes
 * @param maxDepth             how many folders a file may sit in ({@code a/b/c.txt} sits in two)
 */
public record ArchiveLimits(long maxCompressedBytes, long maxUncompressedBytes, int maxEntries,
                            int maxNameBytes, int maxDepth) {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** The limits a gateway applies to submissions from strangers. */
    private static final ArchiveLimits DEFAULTS = new ArchiveLimits(2 * MIB, 16 * MIB, 500, 255, 16);

    public ArchiveLimits {
        requirePositive("maxCompressedBytes", maxCompressedBytes);
        requirePositive("maxUncompressedBytes", maxUncompressedBytes);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxNameBytes", maxNameBytes);
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, was " + maxDepth);
        }
        // Whole arrays of content are held in memory, so a total beyond what one array can
        // hold is a configuration mistake rather than a generous limit.
        if (maxUncompressedBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxUncompressedBytes must fit in one Java array, was " + maxUncompressedBytes);
        }
    }

    /** 2 MiB compressed, 16 MiB unpacked, 500 entries, 255-byte names, 16 folders deep. */
    public static ArchiveLimits defaults() {
        return DEFAULTS;
    }

    public ArchiveLimits withMaxCompressedBytes(long bytes) {
        return new ArchiveLimits(bytes, maxUncompressedBytes, maxEntries, maxNameBytes, maxDepth);
    }

    public ArchiveLimits withMaxUncompressedBytes(long bytes) {
        return new ArchiveLimits(maxCompressedBytes, bytes, maxEntries, maxNameBytes, maxDepth);
    }

    public ArchiveLimits withMaxEntries(int entries) {
        return new ArchiveLimits(maxCompressedBytes, maxUncompressedBytes, entries, maxNameBytes, maxDepth);
    }

    public ArchiveLimits withMaxNameBytes(int bytes) {
        return new ArchiveLimits(maxCompressedBytes, maxUncompressedBytes, maxEntries, bytes, maxDepth);
    }

    public ArchiveLimits withMaxDepth(int depth) {
        return new ArchiveLimits(maxCompressedBytes, maxUncompressedBytes, maxEntries, maxNameBytes, depth);
    }

    /**
     * Bytes of tar the gzip stream may unpack to: the file content plus room for the headers and
     * padding that a well-formed tar of {@code maxEntries} entries needs. Without the allowance a
     * submission that {@link SubmissionFiles#of} accepts could be refused once packed.
     */
    long maxTarStreamBytes() {
        return maxUncompressedBytes + (long) maxEntries * TAR_BYTES_PER_ENTRY + TAR_END_ALLOWANCE;
    }

    /** A pax or GNU long-name header with its record, the entry's own header, and content padding. */
    static final long TAR_BYTES_PER_ENTRY = 4 * 512;
    /** End-of-archive records padded to a 10 KiB block, as GNU tar and commons-compress write. */
    static final long TAR_END_ALLOWANCE = 20 * 512;

    /** "16 MiB", "2 KiB", or "1000 bytes": the form a person reads in an error message. */
    static String describe(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes == 1 ? "1 byte" : bytes + " bytes";
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
