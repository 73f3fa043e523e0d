package org.warmpool.engine.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one set of rules every path in a submission obeys, whether it came from a tar header, a
 * JSON file map or a local folder: relative, forward slashes, no {@code ..}, no {@code .}, no
 * empty segments, no control characters, valid UTF-8, and within the name and depth limits.
 *
 * <p>The rules are stricter than what tar itself allows so that the container's own tar can
 * never be talked into writing outside {@code /sandbox}, and so that two different names can
 * never land on the same file.
 */
final class PathRules {

    /** Longest name shown in a message before it is cut, so a 64 KiB name cannot flood a log. */
    private static final int SHOWN_NAME_CHARS = 80;

    private PathRules() {
    }

    /**
     * Decodes a name strictly: replacement characters would let two different byte strings
     * become the same name, and would hide the bytes the sender really used.
     */
    static String decodeName(byte[] bytes) throws ArchiveException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            String lossy = new String(bytes, StandardCharsets.UTF_8);
            throw ArchiveException.bad("entry name " + quote(lossy) + " is not valid UTF-8 (bytes "
                    + hex(bytes, 32) + ")");
        }
    }

    /**
     * Checks a path and returns its normal form: leading {@code ./} removed, and for a
     * directory its trailing slash removed. The root directory ({@code ./}) normalises to "".
     */
    static String normalise(String name, boolean directory, ArchiveLimits limits) throws ArchiveException {
        checkCharacters(name);
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (directory) {
            if (path.equals(".")) {
                path = "";
            }
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.isEmpty()) {
                return "";
            }
        } else if (path.isEmpty() || path.equals(".")) {
            throw ArchiveException.bad("entry " + quote(name) + " is not a file name");
        }
        if (path.startsWith("/")) {
            throw ArchiveException.bad("entry " + quote(name) + " has an absolute path: send paths relative to the submission's folder");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.equals("..")) {
                throw ArchiveException.bad("entry " + quote(name) + " escapes the archive (contains \"..\")");
            }
        }
        if (!directory && path.endsWith("/")) {
            throw ArchiveException.bad("entry " + quote(name) + " is a file whose name ends with \"/\"");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw ArchiveException.bad("entry " + quote(name) + " has an empty folder name (\"//\")");
            }
            if (segment.equals(".")) {
                throw ArchiveException.bad("entry " + quote(name) + " has a \".\" folder in the middle of its path");
            }
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxNameBytes()) {
            throw ArchiveException.bad("entry name " + quote(path) + " is " + bytes + " bytes (limit "
                    + limits.maxNameBytes() + " bytes)");
        }
        int depth = segments.length - 1;
        if (depth > limits.maxDepth()) {
            throw ArchiveException.bad("entry " + quote(path) + " is nested " + depth + " folders deep (limit "
                    + limits.maxDepth() + ")");
        }
        return path;
    }

    private static void checkCharacters(String name) throws ArchiveException {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw ArchiveException.bad("entry name " + quote(name) + " contains a control character ("
                        + String.format("U+%04X", cp) + ")");
            }
            if (Character.isSurrogate((char) cp)) {
                throw ArchiveException.bad("entry name " + quote(name) + " is not valid Unicode (a lone surrogate)");
            }
            i += Character.charCount(cp);
        }
    }

    /** A name as a person should see it in a message: quoted, control characters escaped, cut short. */
    static String quote(String name) {
        StringBuilder shown = new StringBuilder(Math.min(name.length(), SHOWN_NAME_CHARS) + 16).append('"');
        int shownChars = 0;
        for (int i = 0; i < name.length(); ) {
            if (shownChars == SHOWN_NAME_CHARS) {
                shown.append('…');
                break;
            }
            int cp = name.codePointAt(i);
            switch (cp) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case 0 -> shown.append("\\0");
                case '"' -> shown.append("\\\"");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (Character.isISOControl(cp) || Character.isSurrogate((char) cp)) {
                        shown.append(String.format("\\u%04x", cp));
                    } else {
                        shown.appendCodePoint(cp);
                    }
                }
            }
            shownChars++;
            i += Character.charCount(cp);
        }
        return shown.append('"').toString();
    }

    /** "50 4b 03 04": how a person compares the first bytes of a file with what they expected. */
    static String hex(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        if (bytes.length > max) {
            out.append(" …");
        }
        return out.toString();
    }
}
