package org.warmpool.engine.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.config.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one owner of a running Warmpool's settings: every change goes through {@link #update}, under
 * one lock, and is written to the file when this store saves (the console) or kept for this run only
 * ({@code warmpool serve}). A file that cannot be written is logged; the change still applies.
 */
final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private final Settings settings;
    private final Path file;
    private final boolean save;

    SettingsStore(Settings settings, Path file, boolean save) {
        this.settings = settings;
        this.file = file;
        this.save = save;
    }

    Path file() {
        return file;
    }

    boolean saves() {
        return save;
    }

    /** Reads a value under the lock (settings are mutable: never hand the object out). */
    synchronized <T> T read(Function<Settings, T> reader) {
        return reader.apply(settings);
    }

    /** Changes the settings and saves them (when this store saves). */
    synchronized void update(Consumer<Settings> change) {
        change.accept(settings);
        if (save) {
            try {
                settings.save(file);
            } catch (IOException e) {
                log.warn("could not save settings to {}: {}", file, e.getMessage());
            }
        }
    }
}
