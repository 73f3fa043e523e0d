package org.warmpool.engine.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

/**
 * Reads a submission sent by a stranger: a gzip'd tar of source files with {@code cyber-dojo.sh}
 * at its root, or inside a single top folder (which is then removed from every path).
 *
 * <p>Everything is checked while streaming, with fixed-size buffers: the reader pulls at most
 * {@link ArchiveLimits#maxCompressedBytes()} + 1 bytes from its input, stops decompressing just
 * past the unpacked limit (so a gzip bomb costs a few milliseconds and no memory), and refuses
 * an entry that claims more bytes than are left before reading any of them. Only regular files
 * and folders are accepted; links, devices, FIFOs, sparse files, unsafe paths, duplicates and
 * names that are not clean UTF-8 are refused with a message naming the entry. Folders are not
 * kept: a submission is its files.
 *
 * <p>Several gzip members one after another are read as one stream, as {@code gzip -d} reads
 * them; zero bytes after the last member are ignored; any other bytes after it are refused.
 * Anything after the tar's end-of-archive record is ignored, but it is still decompressed (and
 * counted) so that a truncated or corrupt gzip stream is always reported as such.
 */
public final class TgzReader {

    /** The file every submission must have; the runner executes it. */
    public static final String CYBER_DOJO_SH = "cyber-dojo.sh";

    private static final int PEEK = 512;

    private TgzReader() {
    }

    /** Reads a whole submission held in memory. */
    public static SubmissionFiles read(byte[] tgz, ArchiveLimits limits) throws ArchiveException {
        Objects.requireNonNull(tgz, "tgz");
        return read(new ByteArrayInputStream(tgz), limits);
    }

    /**
     * Reads a submission from a stream. The stream is not closed; it is read to its end, since
     * what follows the gzip data must be checked too, but never beyond
     * {@link ArchiveLimits#maxCompressedBytes()} + 1 bytes.
     */
    public static SubmissionFiles read(InputStream in, ArchiveLimits limits) throws ArchiveException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        LimitedInputStream compressed = new LimitedInputStream(in, limits.maxCompressedBytes(),
                () -> ArchiveException.tooLarge("archive is larger than "
                        + ArchiveLimits.describe(limits.maxCompressedBytes()) + " compressed (limit "
                        + limits.maxCompressedBytes() + " bytes)"),
                true);
        BufferedInputStream raw = new BufferedInputStream(compressed, 8192);
        try {
            checkGzipMagic(raw);
            try (GzipMembersInputStream gzip = new GzipMembersInputStream(raw)) {
                LimitedInputStream tar = new LimitedInputStream(gzip, limits.maxTarStreamBytes(),
                        () -> ArchiveException.tooLarge("archive unpacks to more than " + limits.maxTarStreamBytes()
                                + " bytes of tar data (" + ArchiveLimits.describe(limits.maxUncompressedBytes())
                                + " of files plus tar headers for " + limits.maxEntries() + " entries)"),
                        false);
                EntryTree tree = new TarScanner(tar, limits).scan();
                // Reading on to the end verifies the gzip checksums and length, so a damaged
                // upload is reported as damaged even when its files happened to arrive whole.
                tar.transferTo(OutputStream.nullOutputStream());
                return withCyberDojoShAtRoot(tree.files());
            }
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private static void checkGzipMagic(BufferedInputStream raw) throws IOException, ArchiveException {
        raw.mark(PEEK);
        byte[] head = raw.readNBytes(PEEK);
        raw.reset();
        if (head.length == 0) {
            throw ArchiveException.bad("archive is empty (no bytes received)");
        }
        if (head.length < 2 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
            throw ArchiveException.bad("not a gzip file (first bytes are " + PathRules.hex(head, 4).replace(" …", "")
                    + ")" + guessFormat(head));
        }
    }

    /** A hint for the common mistakes: a zip from a file manager, or a tar that was never gzip'd. */
    private static String guessFormat(byte[] head) {
        if (startsWith(head, 0x50, 0x4b, 0x03, 0x04) || startsWith(head, 0x50, 0x4b, 0x05, 0x06)) {
            return ": it looks like a zip archive; send a gzip'd tar (.tgz)";
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return ": it looks like a tar that is not gzip'd; gzip it first";
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return ": it looks like bzip2; send gzip";
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return ": it looks like xz; send gzip";
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ": it looks like zstd; send gzip";
        }
        return "";
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ArchiveException translate(IOException e) {
        ArchiveException carried = ArchiveIOException.find(e);
        if (carried != null) {
            return carried;
        }
        // Whatever else went wrong came from the gzip layer: the tar reader reports its own.
        if (e instanceof EOFException) {
            return new ArchiveException(ArchiveException.Reason.BAD_ARCHIVE, "gzip stream is truncated", e);
        }
        String detail;
        if (e.getCause() instanceof DataFormatException cause) {
            detail = "bad deflate data: " + cause.getMessage();
        } else if (String.valueOf(e.getMessage()).contains("CRC32")) {
            detail = "checksum mismatch";
        } else if (String.valueOf(e.getMessage()).contains("size mismatch")) {
            detail = "length mismatch";
        } else {
            detail = String.valueOf(e.getMessage());
        }
        return new ArchiveException(ArchiveException.Reason.BAD_ARCHIVE, "gzip stream is corrupt (" + detail + ")", e);
    }

    /**
     * Clients pack either the submission's folder contents or the folder itself; both mean the
     * same submission, so a single top folder holding {@code cyber-dojo.sh} is removed.
     */
    private static SubmissionFiles withCyberDojoShAtRoot(TreeMap<String, byte[]> files) throws ArchiveException {
        if (files.containsKey(CYBER_DOJO_SH)) {
            return SubmissionFiles.adopt(files);
        }
        String top = null;
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            String first = slash < 0 ? null : path.substring(0, slash);
            if (first == null || top != null && !top.equals(first)) {
                top = null;
                break;
            }
            top = first;
        }
        if (top == null || !files.containsKey(top + "/" + CYBER_DOJO_SH)) {
            throw ArchiveException.bad("no " + CYBER_DOJO_SH + " at the archive's root (nor in a single top folder)"
                    + (files.isEmpty() ? ": the archive holds no files" : ""));
        }
        TreeMap<String, byte[]> stripped = new TreeMap<>();
        int cut = top.length() + 1;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            stripped.put(file.getKey().substring(cut), file.getValue());
        }
        return SubmissionFiles.adopt(stripped);
    }
}
