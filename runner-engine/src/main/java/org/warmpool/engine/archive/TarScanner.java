package org.warmpool.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader for the part of the tar format that carries source files: ustar headers,
 * POSIX pax extended headers and GNU long names, holding regular files and folders.
 *
 * <p>It is written here rather than taken from commons-compress because the lenient parts of a
 * general tar reader are exactly what a hostile archive aims at: commons-compress does not check
 * header checksums, strips a leading "/" from pax paths without telling, replaces invalid UTF-8
 * with U+FFFD, expands sparse entries into zeros that were never sent, and buffers long names
 * and pax headers of any size. Here every header is checksummed, every name is kept as bytes
 * until it is checked, and every type other than a regular file or a folder is refused by name.
 */
final class TarScanner {

    private static final int RECORD = 512;

    /** Pax headers and GNU long names are read whole; real ones are a few hundred bytes. */
    static final int MAX_META_BYTES = 64 * 1024;

    /** Read before the first header makes it grow, so a size a header merely claims costs nothing. */
    private static final int FIRST_CHUNK = 64 * 1024;

    /** Global pax keywords that would change how later entries are read; any other one is inert. */
    private static final Set<String> GLOBAL_KEYWORDS_REFUSED = Set.of("path", "linkpath", "size");

    private final InputStream in;
    private final ArchiveLimits limits;
    private final EntryTree tree;
    private final byte[] record = new byte[RECORD];
    private long offset;
    private String lastEntry;

    TarScanner(InputStream in, ArchiveLimits limits) {
        this.in = in;
        this.limits = limits;
        this.tree = new EntryTree(limits, true);
    }

    /**
     * What the pax and GNU headers before an entry said about it. Only the keywords that change
     * how the entry is read are kept, so a run of large pax headers costs no memory.
     */
    private static final class Pending {
        byte[] path;
        byte[] size;
        byte[] linkPath;
        boolean sparse;
        byte[] longName;
        byte[] longLink;
        boolean any;

        void pax(Map<String, byte[]> records) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                // An empty value cancels the keyword, leaving the header's own field in force.
                byte[] value = record.getValue().length == 0 ? null : record.getValue();
                switch (record.getKey()) {
                    case "path" -> path = value;
                    case "size" -> size = value;
                    case "linkpath" -> linkPath = value;
                    default -> sparse |= record.getKey().startsWith("GNU.sparse.");
                }
            }
            any = true;
        }
    }

    /** Reads up to the end-of-archive record (or the end of the data) and returns what was kept. */
    EntryTree scan() throws IOException, ArchiveException {
        Pending pending = new Pending();
        boolean first = true;
        while (true) {
            long headerOffset = offset;
            int n = in.readNBytes(record, 0, RECORD);
            offset += n;
            if (n == 0) {
                if (first) {
                    throw ArchiveException.bad("not a tar archive (the gzip stream is empty)");
                }
                if (pending.any) {
                    throw truncated();
                }
                return tree; // no end-of-archive record: GNU tar accepts that too
            }
            if (n < RECORD) {
                if (first) {
                    throw ArchiveException.bad("not a tar archive (the gzip stream holds only " + n
                            + " bytes, less than one tar header)");
                }
                throw truncated();
            }
            if (isZero(record)) {
                if (pending.any) {
                    throw ArchiveException.bad("a pax or GNU long-name header before offset " + headerOffset
                            + " is followed by the end of the archive instead of an entry");
                }
                return tree; // what follows the end marker is ignored
            }
            checkHeader(first, headerOffset);
            first = false;
            byte type = record[156];
            long size = parseSize(headerOffset);
            switch (type) {
                case 'x' -> pending.pax(readPax(size, headerOffset));
                case 'g' -> checkGlobalPax(readPax(size, headerOffset));
                case 'L' -> {
                    pending.longName = trimNuls(readMeta(size, "GNU long name", headerOffset));
                    pending.any = true;
                }
                case 'K' -> {
                    pending.longLink = trimNuls(readMeta(size, "GNU long link name", headerOffset));
                    pending.any = true;
                }
                default -> {
                    entry(type, size, pending);
                    pending = new Pending();
                }
            }
        }
    }

    private void entry(byte type, long headerSize, Pending pending) throws IOException, ArchiveException {
        byte[] nameBytes = pending.path != null ? pending.path
                : pending.longName != null ? pending.longName
                : headerName();
        String name = PathRules.decodeName(nameBytes);
        lastEntry = name;
        long size = pending.size != null ? parsePaxSize(pending.size, name) : headerSize;
        boolean regular = type == '0' || type == 0 || type == '7';
        if (pending.sparse || type == 'S') {
            throw notAllowed("sparse file " + PathRules.quote(name));
        }
        if (type == '5' || regular && name.endsWith("/")) {
            // A regular-type entry whose name ends in "/" is how tars before POSIX wrote folders.
            if (size != 0) {
                throw ArchiveException.bad("folder entry " + PathRules.quote(name) + " claims " + size
                        + " bytes of content");
            }
            String path = PathRules.normalise(name, true, limits);
            if (!path.isEmpty()) {
                tree.addFolder(path);
            }
            return;
        }
        if (!regular) {
            throw refusedType(type, name, pending);
        }
        String path = PathRules.normalise(name, false, limits);
        tree.reserveFile(path, size);
        tree.putFile(path, readContent(size, name));
    }

    private ArchiveException refusedType(byte type, String name, Pending pending) {
        String quoted = PathRules.quote(name);
        return switch (type) {
            case '1', '2' -> {
                byte[] target = pending.linkPath != null ? pending.linkPath
                        : pending.longLink != null ? pending.longLink
                        : field(157, 100);
                String shownTarget = PathRules.quote(new String(target, StandardCharsets.UTF_8));
                yield notAllowed((type == '1' ? "hard link " : "symlink ") + quoted + " -> " + shownTarget);
            }
            case '3' -> notAllowed("character device " + quoted);
            case '4' -> notAllowed("block device " + quoted);
            case '6' -> notAllowed("FIFO " + quoted);
            case 'D' -> notAllowed("GNU dump folder " + quoted);
            case 'M' -> notAllowed("multi-volume continuation " + quoted);
            case 'V' -> notAllowed("volume label " + quoted);
            default -> notAllowed("entry " + quoted + " of tar type " + describeType(type));
        };
    }

    private static String describeType(byte type) {
        return type >= 0x21 && type <= 0x7e ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
    }

    private static ArchiveException notAllowed(String what) {
        return ArchiveException.bad(what + " is not allowed: send regular files only");
    }

    private byte[] readContent(long size, String name) throws IOException, ArchiveException {
        byte[] content = new byte[(int) Math.min(size, FIRST_CHUNK)];
        int filled = 0;
        while (filled < size) {
            if (filled == content.length) {
                content = Arrays.copyOf(content, (int) Math.min(size, 2L * content.length));
            }
            int n = in.read(content, filled, content.length - filled);
            if (n < 0) {
                throw ArchiveException.bad("tar archive is truncated inside entry " + PathRules.quote(name)
                        + " (" + filled + " of " + size + " bytes present)");
            }
            filled += n;
            offset += n;
        }
        skipPadding(size);
        return content;
    }

    private byte[] readMeta(long size, String what, long headerOffset) throws IOException, ArchiveException {
        if (size > MAX_META_BYTES) {
            throw ArchiveException.bad(what + " header at offset " + headerOffset + " is " + size
                    + " bytes (limit " + MAX_META_BYTES + " bytes)");
        }
        byte[] data = in.readNBytes((int) size);
        offset += data.length;
        if (data.length < size) {
            throw truncated();
        }
        skipPadding(size);
        return data;
    }

    private void skipPadding(long size) throws IOException, ArchiveException {
        int padding = (int) ((RECORD - size % RECORD) % RECORD);
        int n = in.readNBytes(record, 0, padding);
        offset += n;
        if (n < padding) {
            throw truncated();
        }
    }

    /**
     * Pax records are {@code "<length> <keyword>=<value>\n"}. Values stay bytes: a path is
     * checked as UTF-8 later, with every other name.
     */
    private Map<String, byte[]> readPax(long size, long headerOffset) throws IOException, ArchiveException {
        byte[] data = readMeta(size, "pax", headerOffset);
        Map<String, byte[]> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0 && isZero(data, pos)) {
                break; // a few writers pad the records with NULs
            }
            int space = pos;
            while (space < data.length && space - pos < 10 && data[space] >= '0' && data[space] <= '9') {
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ') {
                throw malformedPax(headerOffset, pos);
            }
            long length = Long.parseLong(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            long end = pos + length;
            if (length < space - pos + 4 || end > data.length || data[(int) end - 1] != '\n') {
                throw malformedPax(headerOffset, pos);
            }
            int equals = indexOf(data, (byte) '=', space + 1, (int) end - 1);
            if (equals <= space + 1) {
                throw malformedPax(headerOffset, pos); // no keyword, or no "="
            }
            String keyword = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            records.put(keyword, Arrays.copyOfRange(data, equals + 1, (int) end - 1));
            pos = (int) end;
        }
        return records;
    }

    private static ArchiveException malformedPax(long headerOffset, int recordOffset) {
        return ArchiveException.bad("pax header at offset " + headerOffset + " is malformed (record at byte "
                + recordOffset + ")");
    }

    /**
     * Global pax headers are accepted because {@code git archive} writes one (its commit id, as
     * a comment), but only while they cannot change how later entries are read.
     */
    private static void checkGlobalPax(Map<String, byte[]> records) throws ArchiveException {
        for (String keyword : records.keySet()) {
            if (GLOBAL_KEYWORDS_REFUSED.contains(keyword) || keyword.startsWith("GNU.sparse.")) {
                throw ArchiveException.bad("pax global header sets " + PathRules.quote(keyword)
                        + ", which would apply to every entry: not allowed");
            }
        }
    }

    private static long parsePaxSize(byte[] value, String name) throws ArchiveException {
        String text = new String(value, StandardCharsets.US_ASCII);
        if (!text.matches("[0-9]{1,18}")) {
            throw ArchiveException.bad("pax header of entry " + PathRules.quote(name) + " has a malformed size "
                    + PathRules.quote(text));
        }
        return Long.parseLong(text);
    }

    private void checkHeader(boolean first, long headerOffset) throws ArchiveException {
        long stored = parseOctal(148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < RECORD; i++) {
            int b = i >= 148 && i < 156 ? ' ' : record[i];
            unsigned += b & 0xff;
            signed += b;
        }
        boolean magic = record[257] == 'u' && record[258] == 's' && record[259] == 't' && record[260] == 'a'
                && record[261] == 'r' && (record[262] == 0 || record[262] == ' ');
        if (stored < 0 || stored != unsigned && stored != signed) {
            if (first) {
                throw ArchiveException.bad("not a tar archive (the gzip stream does not start with a tar header)");
            }
            throw ArchiveException.bad("tar header at offset " + headerOffset + " is corrupt (checksum mismatch)"
                    + after());
        }
        if (!magic) {
            throw ArchiveException.bad("tar header at offset " + headerOffset
                    + " is in the pre-POSIX v7 format (no \"ustar\" magic): pack with a current tar" + after());
        }
    }

    private String after() {
        return lastEntry == null ? "" : ", after entry " + PathRules.quote(lastEntry);
    }

    /** The size field is octal, or base-256 when its top bit is set (GNU, for 8 GiB and more). */
    private long parseSize(long headerOffset) throws ArchiveException {
        if ((record[124] & 0x80) != 0) {
            if ((record[124] & 0x40) != 0) {
                throw corruptSize(headerOffset);
            }
            long size = record[124] & 0x3f;
            for (int i = 125; i < 136; i++) {
                if (size > (Long.MAX_VALUE >> 8)) {
                    return Long.MAX_VALUE; // far beyond any limit; the limit check refuses it
                }
                size = (size << 8) | (record[i] & 0xff);
            }
            return size;
        }
        long size = parseOctal(124, 12);
        if (size < 0) {
            throw corruptSize(headerOffset);
        }
        return size;
    }

    private ArchiveException corruptSize(long headerOffset) {
        return ArchiveException.bad("tar header at offset " + headerOffset + " has a corrupt size field" + after());
    }

    /** Octal digits, optionally led by spaces and ended by a space or NUL; -1 when malformed. */
    private long parseOctal(int start, int length) {
        int i = start;
        int end = start + length;
        while (i < end && record[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && record[i] >= '0' && record[i] <= '7') {
            value = (value << 3) | (record[i] - '0');
            digits++;
            i++;
        }
        for (; i < end; i++) {
            if (record[i] != ' ' && record[i] != 0) {
                return -1;
            }
        }
        return digits == 0 ? -1 : value;
    }

    /** The header's name: the name field, behind the ustar prefix field when there is one. */
    private byte[] headerName() {
        byte[] name = field(0, 100);
        boolean posix = record[262] == 0 && record[263] == '0' && record[264] == '0';
        if (!posix) {
            return name; // GNU headers use the prefix field's bytes for times
        }
        byte[] prefix = field(345, 155);
        if (prefix.length == 0) {
            return name;
        }
        byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
    }

    private byte[] field(int start, int length) {
        int end = start;
        while (end < start + length && record[end] != 0) {
            end++;
        }
        return Arrays.copyOfRange(record, start, end);
    }

    private ArchiveException truncated() {
        return ArchiveException.bad("tar archive is truncated" + (lastEntry == null ? ""
                : " after entry " + PathRules.quote(lastEntry)));
    }

    private static byte[] trimNuls(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(byte[] bytes) {
        return isZero(bytes, 0);
    }

    private static boolean isZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
