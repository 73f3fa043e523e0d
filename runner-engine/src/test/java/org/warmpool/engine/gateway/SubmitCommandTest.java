package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.cli.WarmpoolCli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code warmpool submit} against a served engine, end to end: its exit status is the traffic light. */
@ExtendWith(ServedEngine.class)
class SubmitCommandTest {

    /** What a command printed, and its exit status. */
    record Run(int status, String out, String err) {
    }

    static synchronized Run warmpool(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int status = WarmpoolCli.execute(args);
            return new Run(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Path folderOf(Path dir, String colour) throws IOException {
        Map<String, byte[]> files = TrafficLightsThroughBothDoorsTest.submissionFor(DemoImages.BUSYBOX, colour).asMap();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        return dir;
    }

    static String url() {
        return "ws://127.0.0.1:" + ServedEngine.wsPort() + "/";
    }

    @Test
    void aGreenSubmissionExitsZeroAndPrintsGreen(@TempDir Path dir) throws IOException {
        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", folderOf(dir, "green").toString(), "--url", url());

        assertThat(run.status()).as("exit status of a green submit; stderr: %s", run.err()).isZero();
        assertThat(run.out()).as("what submit printed").contains("green");
    }

    @Test
    void aRedSubmissionExitsOne(@TempDir Path dir) throws IOException {
        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", folderOf(dir, "red").toString(), "--url", url());

        assertThat(run.status()).as("exit status of a red submit; stderr: %s", run.err()).isEqualTo(1);
        assertThat(run.out()).as("what submit printed").contains("red");
    }

    @Test
    void anAmberSubmissionExitsTwo(@TempDir Path dir) throws IOException {
        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", folderOf(dir, "amber").toString(), "--url", url());

        assertThat(run.status()).as("exit status of an amber submit; stderr: %s", run.err()).isEqualTo(2);
    }

    @Test
    void anUnknownImageExitsFourSayingWhy(@TempDir Path dir) throws IOException {
        Run run = warmpool("submit", "--image", "warmpool/nope", "--dir", folderOf(dir, "green").toString(), "--url", url());

        assertThat(run.status()).as("exit status for an image without a pool").isEqualTo(4);
        assertThat(run.err()).as("what submit said").contains("unknown_image").contains("warmpool/nope");
    }

    @Test
    void jsonPrintsTheReplyAsWarmpoolSentIt(@TempDir Path dir) throws IOException {
        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", folderOf(dir, "red").toString(), "--url", url(),
                "--id", "json-1", "--json");

        assertThat(run.status()).as("exit status of a red submit; stderr: %s", run.err()).isEqualTo(1);
        assertThat(run.out()).as("what submit printed").startsWith("{\"type\":\"result\",\"id\":\"json-1\"")
                .contains("\"outcome\":\"red\"").doesNotContain("● red");
    }

    @Test
    void streamPrintsTheOutputAsItComesThenTheLightWithoutPrintingTheOutputAgain(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cyber-dojo.sh"), "echo one; sleep 1; echo oops >&2; sleep 1; printf 'two'; exit 1\n");

        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", dir.toString(), "--url", url(), "--stream");

        assertThat(run.status()).as("exit status of a red submit; stderr: %s", run.err()).isEqualTo(1);
        assertThat(run.out()).as("stdout: the output as it came, a newline it lacked, then the light")
                .startsWith("one\ntwo\n● red  status 1  ")
                .doesNotContain("--- stdout");
        assertThat(run.err()).as("stderr: the run's stderr").isEqualTo("oops\n");
    }

    @Test
    void streamWithJsonPrintsEveryMessageAsItCame(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cyber-dojo.sh"), "echo one\n");

        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", dir.toString(), "--url", url(), "--stream",
                "--json", "--id", "json-s");

        List<String> lines = run.out().lines().toList();
        assertThat(lines).as("what submit printed: a message a line").hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"type\":\"output\",\"id\":\"json-s\",\"stream\":\"stdout\",\"data\":\"one\\n\"}");
        assertThat(lines.get(1)).startsWith("{\"type\":\"result\",\"id\":\"json-s\"");
    }

    @Test
    void ctrlCWhileItRunsCancelsItAndSaysSo(@TempDir Path dir) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(sources.resolve("cyber-dojo.sh"), "echo started; while :; do :; done\n");
        Path out = dir.resolve("submit.out");
        Path err = dir.resolve("submit.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process submit = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.warmpool.engine.cli.WarmpoolCli",
                "submit", "--image", DemoImages.BUSYBOX, "--dir", sources.toString(), "--url", url(), "--stream", "--id", "ctrl-c-1",
                "--max-seconds", "20").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await("the submission's output").atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("started"));

            submit.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C's SIGINT

            assertThat(submit.waitFor(30, TimeUnit.SECONDS)).as("submit ended").isTrue();
            assertThat(Files.readString(err)).as("what submit said")
                    .contains("warmpool submit: cancelling ctrl-c-1")
                    .contains("warmpool submit: cancelled: Cancelled by its client while it ran: stopped after");
        } finally {
            submit.destroyForcibly();
        }
        await("nothing left in flight").atMost(Duration.ofSeconds(30)).until(() -> ServedEngine.engine().throttle().inFlight() == 0);
    }

    @Test
    void anArchiveTooLargeToReadIsRefusedWithItsReason(@TempDir Path dir) throws IOException {
        Path big = Files.write(dir.resolve("big.tgz"), new byte[3 * 1024 * 1024]);

        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--tgz", big.toString(), "--url", url());

        assertThat(run.status()).as("exit status for a refused submission").isEqualTo(4);
        assertThat(run.err()).as("what submit said").contains("too_large").contains("at most 2162688 bytes");
    }

    @Test
    void anUnreachableWarmpoolExitsFourSayingSo(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        Run run = warmpool("submit", "--image", DemoImages.BUSYBOX, "--dir", folderOf(dir, "green").toString(),
                "--url", "ws://127.0.0.1:" + closedPort + "/");

        assertThat(run.status()).as("exit status when nothing listens").isEqualTo(4);
        assertThat(run.err()).as("what submit said").contains("cannot reach Warmpool");
    }
}
