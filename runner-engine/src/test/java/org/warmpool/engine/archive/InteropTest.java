package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives that GNU tar, busybox, Python and git really write are accepted, so that the strict
 * reader is not stricter than the clients it serves. How each was made is in
 * {@code src/test/resources/org/warmpool/engine/archive/interop/README.md}.
 */
class InteropTest {

    private static final String LONG_FOLDER = "d".repeat(120);

    private static SubmissionFiles expected() throws ArchiveException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cyber-dojo.sh", "python3 -m pytest -q\n");
        files.put(".hidden", "hidden\n");
        files.put("café.txt", "café\n");
        files.put("src/" + LONG_FOLDER + "/f.py", "x = 1\n");
        return SubmissionFiles.fromTextMap(files);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = InteropTest.class.getResourceAsStream("interop/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "gnu-tar-gnu-format.tgz",
            "gnu-tar-posix-format.tgz",
            "gnu-tar-dot-slash-names.tgz",
            "busybox-tar.tgz",
            "python-tarfile-pax.tgz",
            "python-tarfile-gnu.tgz",
            "git-archive-with-prefix.tgz"})
    void anArchiveFromARealToolReadsAsTheSameSubmission(String fixture) throws Exception {
        SubmissionFiles files = TgzReader.read(fixture(fixture), ArchiveLimits.defaults());

        assertThat(files).isEqualTo(expected());
        assertThat(new String(files.get("café.txt"), StandardCharsets.UTF_8)).isEqualTo("café\n");
    }
}
