package org.warmpool.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's {@code assets/} folder (start points, image recipes). */
public final class Assets {
    private Assets() {
    }

    /**
     * {@code -Dwarmpool.assets}, else {@code -Dwarmpool.home}/assets (the launcher sets it), else
     * {@code ./assets}.
     */
    public static Path dir() {
        String assets = System.getProperty("warmpool.assets");
        if (assets != null) {
            return Path.of(assets);
        }
        String home = System.getProperty("warmpool.home");
        return home != null ? Path.of(home, "assets") : Path.of("assets");
    }

    /** {@code assets/start-points/<name>} for an image {@code warmpool/<name>}. */
    public static Path startPoint(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        Path dir = dir().resolve("start-points").resolve(colon < 0 ? name : name.substring(0, colon));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no start point for " + image + " in " + dir.toAbsolutePath());
        }
        return dir;
    }
}
