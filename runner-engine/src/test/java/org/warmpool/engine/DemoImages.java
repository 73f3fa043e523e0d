package org.warmpool.engine;

import org.warmpool.engine.config.Assets;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The demo images the project builds (assets/images) and their start points (assets/start-points). */
public final class DemoImages {
    public static final String BUSYBOX = "warmpool/busybox";
    public static final String PYTHON_PYTEST = "warmpool/python-pytest";
    public static final String BASH_SHUNIT2 = "warmpool/bash-shunit2";
    public static final List<String> ALL = List.of(BUSYBOX, PYTHON_PYTEST, BASH_SHUNIT2);

    private DemoImages() {
    }

    /** The untouched start point (red by convention). */
    public static SubmissionFiles startPoint(String image) {
        try {
            return SubmissionFiles.fromDirectory(Assets.startPoint(image), ArchiveLimits.defaults());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start point with {@code assets/variants/<name>/<colour>/} laid over it: "amber" (a syntax slip) or "green" (the fix). */
    public static SubmissionFiles variant(String image, String colour) {
        Map<String, byte[]> files = new LinkedHashMap<>(startPoint(image).asMap());
        Path dir = Assets.startPoint(image).getParent().getParent().resolve("variants")
                .resolve(Assets.startPoint(image).getFileName()).resolve(colour);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files(files);
    }

    public static SubmissionFiles files(Map<String, byte[]> files) {
        try {
            return SubmissionFiles.of(files);
        } catch (org.warmpool.engine.archive.ArchiveException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A submission whose cyber-dojo.sh is {@code script}. */
    public static SubmissionFiles script(String script) {
        return files(Map.of("cyber-dojo.sh", script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
