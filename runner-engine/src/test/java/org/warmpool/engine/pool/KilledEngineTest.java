package org.warmpool.engine.pool;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real engine process killed with SIGKILL leaves containers behind; the next engine removes them. */
class KilledEngineTest {

    @Test
    void containersOfAnEngineKilledWithSigkillAreReapedWhenTheNextEngineStarts() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.warmpool.engine.cli.WarmpoolCli", "serve", "--no-journal", "--pool", "warmpool/busybox=2",
                "--http-port", "0", "--ws-port", "0", "--config", "/nonexistent/warmpool-test.json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ownerPrefix = Labels.host() + "/" + serve.pid() + "/";
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            try {
                // The test class path logs to stdout too: skip log lines until serve's own first line.
                BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("listening "));
                assertThat(line).as("serve's first line").matches("listening http=\\d+ ws=\\d+");
                await().atMost(Duration.ofSeconds(90)).until(() -> ownedBy(docker, ownerPrefix).size() == 2);
            } finally {
                serve.destroyForcibly(); // SIGKILL: no shutdown hook runs, the containers stay
                serve.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(ownedBy(docker, ownerPrefix)).as("left behind by the killed engine").hasSize(2);

            try (Engine next = Engine.start(EngineConfig.defaults())) {
                assertThat(ownedBy(docker, ownerPrefix)).as("after the next engine started").isEmpty();
            }
        }
    }

    static List<String> ownedBy(DockerJavaRuntime docker, String ownerPrefix) {
        return docker.listManaged().stream().filter(c -> c.label(Labels.OWNER).startsWith(ownerPrefix))
                .filter(c -> c.label(Labels.ROLE).equals("pool")).map(c -> c.id()).toList();
    }
}
