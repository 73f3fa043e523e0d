package org.warmpool.engine.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start: which settings file to read, and whether changes made while running are written
 * back to it. Everything else (pools, ports, journal, limits, engines) comes from that file.
 *
 * @param settingsFile the settings ({@code config.json}); a missing file means the defaults and a
 *                     first start
 * @param saveSettings write changes (pools, limits, theme, a first start's choice) back to the file
 */
public record StartOptions(Path settingsFile, boolean saveSettings) {
    public StartOptions {
        Objects.requireNonNull(settingsFile, "settingsFile");
    }

    /** {@code $XDG_CONFIG_HOME/warmpool/config.json}, else {@code ~/.config/warmpool/config.json}. */
    public static Path defaultSettingsFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("warmpool").resolve("config.json");
    }

    /** The console's way: read the file, and keep it up to date. */
    public static StartOptions settingsFile(Path file) {
        return new StartOptions(file, true);
    }

    /** Read the file, never write it. */
    public static StartOptions readOnly(Path file) {
        return new StartOptions(file, false);
    }
}
