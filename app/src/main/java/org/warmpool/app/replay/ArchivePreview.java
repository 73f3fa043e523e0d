package org.warmpool.app.replay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A look inside a submission's archive for the list of submissions: how many files and how many
 * bytes, or what the engine will object to. A look, not a check: the engine reads every archive
 * it is sent strictly, and its answer is what a run shows.
 *
 * @param text    "3 files · 1.2 KB", or what is wrong
 * @param suspect the engine will most likely refuse it
 */
record ArchivePreview(String text, boolean suspect) {
    /** Looked at no further than this, unpacked: a gzip bomb costs the console nothing. */
    static final long MAX_UNPACKED = 64L * 1024 * 1024;
    private static final int BLOCK = 512;
    private static final String SCRIPT = "cyber-dojo.sh";

    static ArchivePreview of(byte[] tgz) {
        if (tgz.length == 0) {
            return suspect("empty: there is no archive in it");
        }
        if (tgz.length < 2 || (tgz[0] & 0xff) != 0x1f || (tgz[1] & 0xff) != 0x8b) {
            return suspect("not a gzip'd tar" + guess(tgz));
        }
        List<String> names = new ArrayList<>();
        long bytes = 0;
        long unpacked = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && !allZero(header)) {
                long size = octal(header, 124, 12);
                if (size < 0) {
                    return suspect("not a tar inside the gzip");
                }
                byte type = header[156];
                if (type == '0' || type == 0) {
                    names.add(name(header));
                    bytes += size;
                }
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                unpacked += BLOCK + padded;
                if (unpacked > MAX_UNPACKED) {
                    return new ArchivePreview(names.size() + "+ files · more than " + bytes(MAX_UNPACKED) + " unpacked", false);
                }
                in.skipNBytes(padded);
            }
        } catch (IOException e) {
            return suspect("a broken gzip'd tar (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        String counted = names.size() + (names.size() == 1 ? " file · " : " files · ") + bytes(bytes);
        return hasScript(names) ? new ArchivePreview(counted, false) : suspect(counted + " · no " + SCRIPT + " at its root");
    }

    private static ArchivePreview suspect(String why) {
        return new ArchivePreview(why, true);
    }

    /** The usual mistakes: a zip from a file manager, a tar never gzip'd. */
    private static String guess(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return ": it looks like a zip archive";
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return ": it looks like a tar that is not gzip'd";
        }
        return "";
    }

    /** cyber-dojo.sh at the root, or in a single top folder (as the engine accepts it). */
    private static boolean hasScript(List<String> names) {
        if (names.contains(SCRIPT)) {
            return true;
        }
        if (names.isEmpty()) {
            return false;
        }
        int slash = names.get(0).indexOf('/');
        if (slash < 0) {
            return false;
        }
        String top = names.get(0).substring(0, slash + 1);
        return names.stream().allMatch(n -> n.startsWith(top)) && names.contains(top + SCRIPT);
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        if (text(header, 257, 5).equals("ustar")) {
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        return name;
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    /** A tar number field; -1 when it is not one. */
    private static long octal(byte[] header, int from, int length) {
        String digits = text(header, from, length).trim();
        if (digits.isEmpty() || !digits.matches("[0-7]+")) {
            return -1;
        }
        return Long.parseLong(digits, 8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** "812 B", "1.2 KB", "3.4 MB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
}
