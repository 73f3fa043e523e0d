package org.warmpool.engine.soak;

import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.config.Assets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One kind of submission a soak sends, with the answers that are true for it: the demo images'
 * red, amber and green, and busybox's loops, floods and fork bombs.
 *
 * @param expected the outcomes a run of it may truly have when nothing outside it interferes
 */
record Kind(String name, String image, int maxSeconds, Map<String, String> files, Set<Outcome> expected) {
    static final String BUSYBOX = "warmpool/busybox";
    static final String PYTHON_PYTEST = "warmpool/python-pytest";
    static final String BASH_SHUNIT2 = "warmpool/bash-shunit2";

    byte[] tgz() {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, content) -> bytes.put(name, content.getBytes(StandardCharsets.UTF_8)));
        try {
            return TarPacker.tgz(SubmissionFiles.of(bytes));
        } catch (org.warmpool.engine.archive.ArchiveException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The mix, in the order the clients cycle through it: mostly what a workshop sends (the three
     * start points' red, amber and green), some trivial runs, and now and then a flood of output,
     * a loop that meets its deadline and a fork bomb.
     */
    static List<Kind> mix() throws IOException {
        List<Kind> colours = new ArrayList<>();
        for (String image : List.of(PYTHON_PYTEST, BASH_SHUNIT2, BUSYBOX)) {
            colours.add(new Kind(shortName(image) + "-red", image, 10, startPoint(image), EnumSet.of(Outcome.RED)));
            colours.add(new Kind(shortName(image) + "-amber", image, 10, variant(image, "amber"), EnumSet.of(Outcome.AMBER)));
            colours.add(new Kind(shortName(image) + "-green", image, 10, variant(image, "green"), EnumSet.of(Outcome.GREEN)));
        }
        Kind echo = script("echo", 10, "echo hello", EnumSet.of(Outcome.GREEN));
        Kind flood = script("flood", 10, "head -c 200000 /dev/zero | tr '\\0' x", EnumSet.of(Outcome.GREEN));
        Kind loop = script("loop", 2, "while true; do :; done", EnumSet.of(Outcome.TIMED_OUT));
        // contained by the pids limit; how it ends is the bomb's business, but it never takes the engine down
        Kind bomb = script("fork-bomb", 4, "bomb() { bomb | bomb & }; bomb; sleep 3",
                EnumSet.of(Outcome.TIMED_OUT, Outcome.RED, Outcome.AMBER, Outcome.GREEN));
        List<Kind> mix = new ArrayList<>(colours);
        for (int i = 0; i < 6; i++) {
            mix.add(echo);
        }
        mix.add(flood);
        mix.add(loop);
        mix.add(bomb);
        return List.copyOf(mix);
    }

    private static Kind script(String name, int maxSeconds, String script, Set<Outcome> expected) {
        return new Kind("busybox-" + name, BUSYBOX, maxSeconds, Map.of("cyber-dojo.sh", script + "\n"), expected);
    }

    private static String shortName(String image) {
        return image.substring(image.indexOf('/') + 1);
    }

    private static Map<String, String> startPoint(String image) throws IOException {
        return read(Assets.startPoint(image), new LinkedHashMap<>());
    }

    private static Map<String, String> variant(String image, String colour) throws IOException {
        Path start = Assets.startPoint(image);
        Path dir = Assets.dir().resolve("variants").resolve(start.getFileName()).resolve(colour);
        return read(dir, startPoint(image));
    }

    private static Map<String, String> read(Path dir, Map<String, String> into) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            SubmissionFiles.fromDirectory(dir, ArchiveLimits.defaults()); // the same checks a submission gets
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                into.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        } catch (Exception e) {
            throw new IOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return into;
    }
}
