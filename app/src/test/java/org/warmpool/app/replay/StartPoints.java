package org.warmpool.app.replay;

import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The busybox start point (red) and its amber and green variants, from the project's assets. */
public final class StartPoints {
    private StartPoints() {
    }

    static Path assets() {
        return Path.of(System.getProperty("warmpool.assets", "../assets"));
    }

    public static SubmissionFiles red() {
        return read(assets().resolve("start-points/busybox"), null);
    }

    public static SubmissionFiles amber() {
        return read(assets().resolve("start-points/busybox"), assets().resolve("variants/busybox/amber"));
    }

    public static SubmissionFiles green() {
        return read(assets().resolve("start-points/busybox"), assets().resolve("variants/busybox/green"));
    }

    /** A submission of just {@code cyber-dojo.sh}. */
    public static SubmissionFiles script(String script) {
        try {
            return SubmissionFiles.of(Map.of("cyber-dojo.sh", script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (ArchiveException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start point with a variant's files laid over it. */
    static SubmissionFiles read(Path startPoint, Path variant) {
        try {
            Map<String, byte[]> files = new TreeMap<>(SubmissionFiles.fromDirectory(startPoint, ArchiveLimits.defaults()).asMap());
            if (variant != null) {
                files.putAll(SubmissionFiles.fromDirectory(variant, ArchiveLimits.defaults()).asMap());
            }
            return SubmissionFiles.of(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ArchiveException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code files} as a .tgz into {@code dir}. */
    public static Path tgz(Path dir, String name, SubmissionFiles files) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), TarPacker.tgz(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code files} as a folder of sources into {@code dir/name}. */
    public static Path folder(Path dir, String name, SubmissionFiles files) {
        try {
            Path folder = dir.resolve(name);
            for (Map.Entry<String, byte[]> file : files.asMap().entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
