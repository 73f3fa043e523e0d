package org.warmpool.engine.archive;

import org.warmpool.engine.api.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a submission as the tar the engine streams into a container, where the sandbox user
 * unpacks it into {@code /sandbox}. The engine always packs the archive itself: the bytes a
 * client sent never reach a container.
 *
 * <p>Every file is mode 0644 and every folder 0755, all owned by the cyber-dojo sandbox user
 * (uid 41966, gid 51966, "sandbox"), as the cyber-dojo runner delivers them. Each folder comes
 * before the files in it. Names of 100 bytes or more, or not ASCII, go in POSIX pax headers,
 * which GNU tar, busybox and bsdtar all read.
 *
 * <p>Every entry carries the same modification time, {@link #MTIME}, rather than the time of
 * packing: the same files then always pack to the same bytes, which the journal and replay rely
 * on and tests can compare. It is after 1980 because zip-based tools (Python's zipfile, jar)
 * refuse earlier times, and in the past, so anything a build writes is newer than the sources,
 * as {@code make} expects.
 */
public final class TarPacker {

    /** The modification time of every entry: 2000-01-01T00:00:00Z. */
    public static final Instant MTIME = Instant.parse("2000-01-01T00:00:00Z");

    /** The name of both the sandbox user and its group, who own every file in {@code /sandbox}. */
    public static final String SANDBOX_NAME = "sandbox";

    private static final int FILE_MODE = 0100644;
    private static final int FOLDER_MODE = 040755;

    private TarPacker() {
    }

    /** The uncompressed tar. */
    public static byte[] tar(SubmissionFiles files) {
        Objects.requireNonNull(files, "files");
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(files));
        try {
            writeTar(files, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The same tar, gzip'd: what a client sends. */
    public static byte[] tgz(SubmissionFiles files) {
        Objects.requireNonNull(files, "files");
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(files) / 2);
        try {
            writeTgz(files, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Writes the gzip'd tar to {@code out}, which is flushed but left open. */
    public static void writeTgz(SubmissionFiles files, OutputStream out) throws IOException {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(out, "out");
        writeTar(files, new GZIPOutputStream(new KeepOpen(out), 64 * 1024));
    }

    /** Writes the tar to {@code target} and closes it. */
    private static void writeTar(SubmissionFiles files, OutputStream target) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(target, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            Set<String> folders = new HashSet<>();
            IOException[] failed = new IOException[1];
            files.forEachShared((path, content) -> {
                if (failed[0] != null) {
                    return;
                }
                try {
                    putFolders(tar, path, folders);
                    TarArchiveEntry entry = entry(path, TarConstants.LF_NORMAL, FILE_MODE);
                    entry.setSize(content.length);
                    tar.putArchiveEntry(entry);
                    tar.write(content);
                    tar.closeArchiveEntry();
                } catch (IOException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            tar.finish();
        }
    }

    private static void putFolders(TarArchiveOutputStream tar, String path, Set<String> folders) throws IOException {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String folder = path.substring(0, slash + 1);
            if (folders.add(folder)) {
                tar.putArchiveEntry(entry(folder, TarConstants.LF_DIR, FOLDER_MODE));
                tar.closeArchiveEntry();
            }
        }
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setMode(mode);
        entry.setUserId(Sandbox.UID);
        entry.setGroupId(Sandbox.GID);
        entry.setUserName(SANDBOX_NAME);
        entry.setGroupName(SANDBOX_NAME);
        entry.setModTime(FileTime.from(MTIME));
        return entry;
    }

    private static int estimate(SubmissionFiles files) {
        return (int) Math.min(Integer.MAX_VALUE - 8, files.totalBytes() + 2048L * files.size() + 10240);
    }

    /** Lets the stream chain be closed (which finishes gzip and frees its deflater) without closing the caller's stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
