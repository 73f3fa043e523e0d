package org.warmpool.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.LocalImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A first start's rules, without Docker: when it happens, which images it checks, how many ready containers each pool gets. */
class FirstStartRulesTest {
    static final long GIB = 1024L * 1024 * 1024;

    @Test
    void twoCoresGetOneReadyContainerPerPool() {
        assertThat(FirstStart.targetFor(2, 4 * GIB)).isEqualTo(1);
        assertThat(FirstStart.targetFor(2, 24 * GIB)).as("memory alone does not raise it").isEqualTo(1);
        assertThat(FirstStart.targetFor(1, 2 * GIB)).as("never below one").isEqualTo(1);
    }

    @Test
    void theTargetGrowsGentlyWithCoresAndMemoryWhicheverIsShorter() {
        assertThat(FirstStart.targetFor(4, 8 * GIB)).isEqualTo(2);
        assertThat(FirstStart.targetFor(4, 6 * GIB)).as("4 cores, 6 GiB: memory is shorter").isEqualTo(1);
        assertThat(FirstStart.targetFor(6, 16 * GIB)).isEqualTo(3);
        assertThat(FirstStart.targetFor(8, 16 * GIB)).isEqualTo(4);
        assertThat(FirstStart.targetFor(8, 8 * GIB)).as("8 cores, 8 GiB").isEqualTo(2);
    }

    @Test
    void noMachineGetsMoreThanFourAndUnknownMemoryDoesNotLimit() {
        assertThat(FirstStart.targetFor(64, 512 * GIB)).isEqualTo(FirstStart.MAX_TARGET).isEqualTo(4);
        assertThat(FirstStart.targetFor(4, -1)).as("memory unknown").isEqualTo(2);
        assertThat(FirstStart.targetForThisMachine()).isBetween(1, FirstStart.MAX_TARGET);
    }

    @Test
    void aMissingFileOrOneWithoutPoolsLeavesThemToAFirstStart(@TempDir Path dir) throws Exception {
        assertThat(FirstStart.reason(Settings.load(dir.resolve("missing.json")))).contains("no settings file");

        Path noPools = Files.writeString(dir.resolve("no-pools.json"), "{\"theme\": \"dark\"}");
        assertThat(FirstStart.reason(Settings.load(noPools))).contains("the settings file names no pools");
    }

    @Test
    void poolsNamedInTheFileEvenNoneOrOnTheCommandLineAreRespected(@TempDir Path dir) throws Exception {
        Path none = Files.writeString(dir.resolve("none.json"), "{\"pools\": {}}");
        assertThat(FirstStart.reason(Settings.load(none))).as("\"pools\": {}").isEmpty();

        Path some = Files.writeString(dir.resolve("some.json"), "{\"pools\": {\"warmpool/busybox\": {\"target\": 2}}}");
        assertThat(FirstStart.reason(Settings.load(some))).as("a pool in the file").isEmpty();

        Settings missing = Settings.load(dir.resolve("missing.json"));
        missing.pools.put("warmpool/busybox", new Settings.Pool()); // what serve does with --pool warmpool/busybox=1
        assertThat(FirstStart.reason(missing)).as("--pool on the command line").isEmpty();
    }

    @Test
    void theDemoImagesComeFirstInTheirOwnOrderThenOthersNewestFirst() {
        List<LocalImage> images = List.of(
                image("a1", 100, "someone/old:1.0"),
                image("b2", 300, "warmpool/bash-shunit2:latest"),
                image("c3", 500, "workshop/java-junit:latest"),
                image("d4", 200, "warmpool/busybox:latest"),
                image("e5", 400, "warmpool/python-pytest:latest"));

        assertThat(FirstStart.candidates(images, Set.of())).containsExactly(
                "warmpool/busybox", "warmpool/python-pytest", "warmpool/bash-shunit2", "workshop/java-junit", "someone/old:1.0");
    }

    @Test
    void untaggedImagesAreSkippedAndAnImageWithSeveralTagsIsCheckedOnce() {
        List<LocalImage> images = List.of(
                image("a1", 100),
                image("b2", 200, "<none>:<none>"),
                image("c3", 300, "warmpool/busybox:latest", "busybox-copy:latest"),
                image("d4", 400, "workshop/zeta:latest", "workshop/alpha:2"));

        assertThat(FirstStart.candidates(images, Set.of())).containsExactly("warmpool/busybox", "workshop/alpha:2");
    }

    @Test
    void atMostEightOtherImagesAreCheckedAndPooledOnesNotAgain() {
        List<LocalImage> images = new ArrayList<>();
        images.add(image("demo", 1, "warmpool/python-pytest:latest"));
        for (int i = 0; i < 12; i++) {
            images.add(image("id" + i, 1000 + i, "workshop/image-" + i + ":latest"));
        }

        List<String> candidates = FirstStart.candidates(images, Set.of("workshop/image-11"));

        assertThat(candidates).first().isEqualTo("warmpool/python-pytest");
        assertThat(candidates).hasSize(1 + FirstStart.MAX_OTHER_IMAGES)
                .doesNotContain("workshop/image-11")
                .contains("workshop/image-10", "workshop/image-3")
                .doesNotContain("workshop/image-2", "workshop/image-0");
    }

    @Test
    void theAnnouncementSaysWhatWasStartedAndWhereToChangeIt() {
        FirstStart.Choice choice = new FirstStart.Choice("no settings file",
                Map.of("warmpool/busybox", 1), Map.of("debian:12", "no sandbox user"));
        Path file = Path.of("/home/f/.config/warmpool/config.json");

        assertThat(choice.announcement(file, true)).isEqualTo("first start: no settings file, so pools for warmpool/busybox=1"
                + " — edit or remove them in /home/f/.config/warmpool/config.json");
        assertThat(choice.announcement(file, false)).startsWith("first start: no settings file, so pools for warmpool/busybox=1")
                .contains("not saved").contains("--pool IMAGE=N").contains(file.toString());
        assertThat(new FirstStart.Choice("no settings file", Map.of(), Map.of()).announcement(file, true))
                .contains("no Warmpool-ready image").contains("./warmpool doctor").contains("docker load");
    }

    @Test
    void aChoiceWrittenIntoTheSettingsIsRespectedNextTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Settings settings = Settings.load(file);
        new FirstStart.Choice("no settings file", Map.of("warmpool/busybox", 2), Map.of()).writeInto(settings);
        settings.save(file);

        Settings next = Settings.load(file);
        assertThat(next.pools).containsOnlyKeys("warmpool/busybox");
        assertThat(next.pools.get("warmpool/busybox").target).isEqualTo(2);
        assertThat(FirstStart.reason(next)).isEmpty();
    }

    static LocalImage image(String id, long created, String... tags) {
        return new LocalImage("sha256:" + id, List.of(tags), 1_000_000, created);
    }
}
