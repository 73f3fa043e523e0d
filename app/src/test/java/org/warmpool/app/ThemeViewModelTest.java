package org.warmpool.app;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Preferences;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThemeViewModelTest {
    /** The settings' theme, and every one set. */
    static final class FakePreferences implements Preferences {
        String theme;
        final List<String> set = new ArrayList<>();

        FakePreferences(String theme) {
            this.theme = theme;
        }

        @Override
        public String theme() {
            return theme;
        }

        @Override
        public void setTheme(String theme) {
            set.add(theme);
            this.theme = theme;
        }
    }

    @Test
    void theConsoleOpensInTheSavedThemeAndTheSwitchKeepsTheOtherOne() {
        FakePreferences preferences = new FakePreferences("dark");
        ThemeViewModel theme = new ThemeViewModel(preferences);
        assertThat(theme.themeProperty().get()).isEqualTo("dark");
        assertThat(theme.toggleTextProperty().get()).isEqualTo("Light theme");

        theme.toggle();

        assertThat(preferences.set).as("kept in the settings").containsExactly("light");
        assertThat(theme.themeProperty().get()).isEqualTo("light");
        assertThat(theme.toggleTextProperty().get()).isEqualTo("Dark theme");
    }

    @Test
    void anUnknownThemeInTheSettingsOpensLight() {
        assertThat(new ThemeViewModel(new FakePreferences("solarized")).themeProperty().get()).isEqualTo("light");
    }
}
