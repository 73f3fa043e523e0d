package org.warmpool.engine.api;

/** The console's own settings, kept in the same settings file. */
public interface Preferences {

    /** "light" or "dark". */
    String theme();

    void setTheme(String theme);
}
