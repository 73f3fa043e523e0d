package org.warmpool.app;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.Preferences;

/** Light or dark: the theme the console opens in and the button that switches it (kept by {@link Preferences}). */
public final class ThemeViewModel {
    public static final String LIGHT = "light";
    public static final String DARK = "dark";

    private final Preferences preferences;
    private final ReadOnlyStringWrapper theme;
    private final StringBinding toggleText;

    public ThemeViewModel(Preferences preferences) {
        this.preferences = preferences;
        this.theme = new ReadOnlyStringWrapper(DARK.equals(preferences.theme()) ? DARK : LIGHT);
        this.toggleText = Bindings.createStringBinding(() -> DARK.equals(theme.get()) ? "Light theme" : "Dark theme", theme);
    }

    /** "light" or "dark". */
    public ReadOnlyStringProperty themeProperty() {
        return theme.getReadOnlyProperty();
    }

    /** What the switch offers: "Dark theme" in the light one, and back. */
    public StringBinding toggleTextProperty() {
        return toggleText;
    }

    /** Switches to the other theme and keeps it for the next start. */
    public void toggle() {
        String next = DARK.equals(theme.get()) ? LIGHT : DARK;
        preferences.setTheme(next);
        theme.set(next);
    }
}
