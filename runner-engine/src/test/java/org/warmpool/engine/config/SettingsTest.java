package org.warmpool.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and writing config.json: whether it names the pools matters as much as which it names. */
class SettingsTest {

    @Test
    void aMissingFileGivesTheDefaultsAndNamesNoPools(@TempDir Path dir) throws Exception {
        Settings settings = Settings.load(dir.resolve("config.json"));

        assertThat(settings.fromFile()).as("from a file").isFalse();
        assertThat(settings.namesPools()).as("names pools").isFalse();
        assertThat(settings.pools).isEmpty();
    }

    @Test
    void aFileWithAnEmptyPoolsEntryNamesNoPoolsOnPurpose(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {}, \"theme\": \"dark\"}");

        Settings settings = Settings.load(file);

        assertThat(settings.fromFile()).as("from a file").isTrue();
        assertThat(settings.namesPools()).as("names pools (none)").isTrue();
        assertThat(settings.pools).isEmpty();
        assertThat(settings.theme).isEqualTo("dark");
    }

    @Test
    void aFileWithoutAPoolsEntryLeavesThePoolsOpen(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"http_port\": 5000}");

        Settings settings = Settings.load(file);

        assertThat(settings.fromFile()).isTrue();
        assertThat(settings.namesPools()).as("names pools").isFalse();
        assertThat(settings.httpPort).isEqualTo(5000);
    }

    @Test
    void aNullPoolsEntryCountsAsNoEntry(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": null}");

        Settings settings = Settings.load(file);

        assertThat(settings.namesPools()).isFalse();
        assertThat(settings.pools).isEmpty();
        assertThat(settings.engineConfig().pools()).isEmpty();
    }

    @Test
    void poolsReadFromAFileAreKeptInOrderWithTheirSettings(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), """
                {"pools": {"warmpool/python-pytest": {"target": 3, "read_only_root": false},
                           "warmpool/busybox": {"target": 1}}}""");

        Settings settings = Settings.load(file);

        assertThat(settings.namesPools()).isTrue();
        assertThat(settings.pools).containsOnlyKeys("warmpool/python-pytest", "warmpool/busybox");
        assertThat(settings.pools.keySet()).containsExactly("warmpool/python-pytest", "warmpool/busybox");
        assertThat(settings.pools.get("warmpool/python-pytest").target).isEqualTo(3);
        assertThat(settings.pools.get("warmpool/python-pytest").readOnlyRoot).isFalse();
    }

    @Test
    void savingBeforeThePoolsAreNamedLeavesThemOpenForTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warmpool").resolve("config.json");
        Settings settings = Settings.load(file);
        settings.theme = "dark";

        settings.save(file);

        assertThat(Files.readString(file)).as("written file").doesNotContain("\"pools\"").contains("\"dark\"");
        assertThat(Settings.load(file).namesPools()).as("the next start's settings name pools").isFalse();
    }

    @Test
    void poolsOnceNamedAreWrittenEvenWhenNoneAreLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Settings settings = Settings.load(file);
        settings.pools.put("warmpool/busybox", new Settings.Pool());
        settings.save(file);
        assertThat(Settings.load(file).pools).containsOnlyKeys("warmpool/busybox");

        settings.pools.remove("warmpool/busybox");
        settings.namePools();
        settings.save(file);

        Settings next = Settings.load(file);
        assertThat(Files.readString(file)).startsWith("{\n  \"pools\" : { },");
        assertThat(next.namesPools()).as("names pools (none, on purpose)").isTrue();
        assertThat(next.pools).isEmpty();
    }
}
