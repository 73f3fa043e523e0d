package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.config.FirstStart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code warmpool serve} on a fresh machine: with no settings file it starts pools for the demo
 * images by itself; a settings file that names no pools, or {@code --pool}, is respected.
 */
class FirstServeTest {
    /** The issue asks for ready containers within 60 s; the ceiling is generous because other builds share this machine. */
    static final Duration CEILING = Duration.ofSeconds(180);

    @Test
    void aFirstServeWithNoSettingsFileHasReadyPoolsForTheDemoImagesAndRunsATestAtOnce(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        long started = System.nanoTime();
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("XDG_CONFIG_HOME", config.toString()),
                "--no-journal", "--http-port", "0", "--ws-port", "0")) {
            await("ready containers for the demo images, seen through GET /api/pools").atMost(CEILING)
                    .pollInterval(Duration.ofMillis(250)).until(() -> readyDemoPools(serve.httpPort()) == 3);
            System.out.printf("first serve: demo pools ready %.1f s after serve was started%n", (System.nanoTime() - started) / 1e9);

            int n = FirstStart.targetForThisMachine();
            await("serve's first-start line").atMost(Duration.ofSeconds(30)).until(() -> serve.stderr().contains("first start"));
            assertThat(serve.stderr()).as("what serve said").contains("warmpool serve: first start: no settings file, so pools for "
                    + "warmpool/busybox=" + n + ", warmpool/python-pytest=" + n + ", warmpool/bash-shunit2=" + n)
                    .contains("not saved: name the pools in " + config.resolve("warmpool").resolve("config.json"));

            HttpTestClient.Reply run = HttpTestClient.post(serve.httpPort(), "/run_cyber_dojo_sh",
                    HttpTestClient.runBody("first-1", DemoImages.BUSYBOX, 10, DemoImages.startPoint(DemoImages.BUSYBOX)));
            assertThat(run.json().path("run_cyber_dojo_sh").path("outcome").asText()).as("the busybox start point").isEqualTo("red");

            assertThat(serve.stop()).as("exit status after SIGTERM").isZero();
            assertThat(serve.containers()).as("containers left by serve").isEmpty();
        }
        assertThat(Files.exists(config.resolve("warmpool").resolve("config.json"))).as("a settings file written by serve").isFalse();
    }

    @Test
    void aSettingsFileThatNamesNoPoolsOnPurposeGetsNone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"pools\": {}}");
        try (ServeProcess serve = ServeProcess.start(dir, Map.of(), "--config", file.toString(), "--no-journal",
                "--http-port", "0", "--ws-port", "0")) {
            await("serve's word on the pools").atMost(Duration.ofSeconds(30)).until(() -> serve.stderr().contains("serving no pools"));

            assertThat(serve.stderr()).contains("warmpool serve: serving no pools: " + file + " names none").doesNotContain("first start");
            assertThat(pools(serve.httpPort())).as("pools served").isEmpty();
            assertThat(serve.stop()).isZero();
            assertThat(serve.stderr()).doesNotContain("first start");
        }
        assertThat(Files.readString(file)).as("the settings file").isEqualTo("{\"pools\": {}}");
    }

    @Test
    void poolsOnTheCommandLineMeanNoFirstStart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("XDG_CONFIG_HOME", config.toString()),
                "--pool", DemoImages.BUSYBOX + "=1", "--no-journal", "--http-port", "0", "--ws-port", "0")) {
            await("the busybox pool ready").atMost(CEILING).pollInterval(Duration.ofMillis(250))
                    .until(() -> pools(serve.httpPort()).stream().anyMatch(p -> p.path("ready").asInt() >= 1));

            assertThat(pools(serve.httpPort())).extracting(p -> p.path("image").asText()).containsExactly(DemoImages.BUSYBOX);
            assertThat(serve.stop()).isZero();
            assertThat(serve.stderr()).doesNotContain("first start").doesNotContain("serving no pools");
        }
    }

    static List<JsonNode> pools(int httpPort) {
        HttpTestClient.Reply reply = HttpTestClient.get(httpPort, "/api/pools");
        assertThat(reply.status()).isEqualTo(200);
        return StreamSupport.stream(reply.json().path("pools").spliterator(), false).toList();
    }

    static long readyDemoPools(int httpPort) {
        return pools(httpPort).stream().filter(p -> DemoImages.ALL.contains(p.path("image").asText()))
                .filter(p -> p.path("ready").asInt() >= 1).count();
    }
}
