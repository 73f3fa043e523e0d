package org.warmpool.engine.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An image without bash cannot host the agent: its runs are faulty, and say why. */
class ImageThatCannotHostTheAgentTest {
    static final String NO_BASH = "warmpool-test/no-bash";

    @BeforeAll
    static void buildAnImageWithoutBash() throws Exception {
        Path context = Files.createTempDirectory("warmpool-no-bash");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DemoImages.BUSYBOX + "\nRUN [\"/bin/busybox\", \"rm\", \"/bin/bash\"]\n");
        ProcessBuilder docker = new ProcessBuilder("docker", "build", "-q", "-t", NO_BASH, context.toString()).redirectErrorStream(true);
        docker.environment().put("DOCKER_BUILDKIT", "0"); // the classic builder: no buildx needed, nothing pulled
        Process build = docker.start();
        String said = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).as("docker build finished").isTrue();
        assertThat(build.exitValue()).as("docker build: %s", said).isZero();
    }

    @AfterAll
    static void removeIt() throws Exception {
        new ProcessBuilder("docker", "rmi", "-f", NO_BASH).redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void itsRunsAreFaultyWithTheReasonAndThePoolShowsIt() {
        try (Engine engine = Engine.start(EngineConfig.defaults()
                .withPool(NO_BASH, PoolSettings.withTarget(1).runPath(RunPathKind.AGENT)))) {
            await("the pool tried, and says why it cannot fill").atMost(Duration.ofSeconds(120))
                    .until(() -> engine.snapshot().pool(NO_BASH) != null
                            && engine.snapshot().pool(NO_BASH).problem().contains("cannot host Warmpool's agent"));

            RunResult result = engine.run(new RunRequest("no-bash", NO_BASH, 5, DemoImages.script("echo hi"), false)).join();

            assertThat(result.outcome()).as("outcome").isEqualTo(Outcome.FAULTY);
            assertThat(result.log().content()).as("log").contains("cannot host Warmpool's agent").containsIgnoringCase("bash");
        }
    }
}
