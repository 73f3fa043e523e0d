package org.warmpool.engine.config;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.pool.SwitchableRuntime;
import org.warmpool.engine.run.DockerTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A first start against the real Docker engine: which images get pools, and waiting for a Docker that is not there yet. */
class FirstStartTest {
    static final Duration CEILING = Duration.ofSeconds(120);
    static final String NONCE = Long.toString(System.nanoTime(), 36);
    /** warmpool/busybox with one more layer: another image, just as ready. */
    static final String READY_IMAGE = "warmpool/test-first-start-ready:" + NONCE;
    /** warmpool/busybox without bash: another image, not ready. */
    static final String LACKING_IMAGE = "warmpool/test-first-start-lacking:" + NONCE;

    @BeforeAll
    static void deriveTwoMoreImages() throws Exception {
        derive(READY_IMAGE, "true");
        derive(LACKING_IMAGE, "rm /bin/bash");
    }

    /** Commits warmpool/busybox after {@code command} as {@code image} (repository:tag). */
    static void derive(String image, String command) throws Exception {
        try (DockerClient raw = DockerTestClient.raw()) {
            String id = raw.createContainerCmd(DemoImages.BUSYBOX)
                    .withEntrypoint("/bin/sh", "-c", command)
                    // an owner on no host: no engine's reaper takes it for an orphan while it builds (it removes itself)
                    .withLabels(Map.of(Labels.PROJECT, "1", Labels.ROLE, "test",
                            Labels.OWNER, "first-start-test/" + ProcessHandle.current().pid() + "/derive"))
                    .exec().getId();
            try {
                raw.startContainerCmd(id).exec();
                raw.waitContainerCmd(id).start().awaitStatusCode();
                String[] name = image.split(":");
                raw.commitCmd(id).withRepository(name[0]).withTag(name[1]).exec();
            } finally {
                raw.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    @AfterAll
    static void removeTheImages() throws Exception {
        try (DockerClient raw = DockerTestClient.raw()) {
            raw.removeImageCmd(READY_IMAGE).exec();
            raw.removeImageCmd(LACKING_IMAGE).exec();
        }
    }

    @Test
    void theDemoImagesComeFirstThenOtherReadyImagesAndEveryPoolFills() {
        try (Engine engine = Engine.start(EngineConfig.defaults());
             FirstStart first = FirstStart.begin(engine, "no settings file", 1)) {
            FirstStart.Choice choice = first.chosen().orTimeout(CEILING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();

            assertThat(first.state()).isEqualTo(FirstStart.State.DONE);
            assertThat(List.copyOf(choice.pools().keySet())).as("pools chosen, in order").startsWith(
                    DemoImages.BUSYBOX, DemoImages.PYTHON_PYTEST, DemoImages.BASH_SHUNIT2).contains(READY_IMAGE)
                    .doesNotContain(LACKING_IMAGE);
            assertThat(choice.pools().values()).as("targets").containsOnly(1);
            assertThat(choice.notReady()).as("checked and left out").containsKey(LACKING_IMAGE);
            assertThat(choice.notReady().get(LACKING_IMAGE)).contains("no /bin/bash");
            assertThat(choice.announcement(null, false)).startsWith("first start: no settings file, so pools for "
                    + "warmpool/busybox=1, warmpool/python-pytest=1, warmpool/bash-shunit2=1");

            await("every chosen pool has a ready container").atMost(CEILING).until(() -> engine.snapshot().pools().stream()
                    .filter(p -> choice.pools().containsKey(p.image())).filter(p -> p.ready() >= 1).count() == choice.pools().size());
            assertThat(engine.snapshot().pools()).extracting(PoolSnapshot::image).as("the engine's pools")
                    .containsExactlyInAnyOrderElementsOf(choice.pools().keySet());
        }
    }

    @Test
    void whenDockerDoesNotAnswerAtStartThePoolsAreChosenOnceItDoes() {
        SwitchableRuntime docker = new SwitchableRuntime(new DockerJavaRuntime());
        docker.goDown();
        try (Engine engine = Engine.start(EngineConfig.defaults(), docker);
             FirstStart first = FirstStart.begin(engine, "no settings file", 1)) {
            await("waiting for Docker").atMost(CEILING).until(first::state, s -> s == FirstStart.State.WAITING_FOR_DOCKER);
            assertThat(first.chosen()).as("chosen while Docker is away").isNotDone();
            assertThat(engine.snapshot().pools()).isEmpty();

            docker.comeBack();

            FirstStart.Choice choice = first.chosen().orTimeout(CEILING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(choice.pools()).containsKeys(DemoImages.BUSYBOX, DemoImages.PYTHON_PYTEST, DemoImages.BASH_SHUNIT2);
            await("the demo pools fill").atMost(CEILING).until(() -> engine.snapshot().pools().stream()
                    .filter(p -> DemoImages.ALL.contains(p.image())).filter(p -> p.ready() >= 1).count() == 3);
        }
    }

    @Test
    void closedBeforeDockerAnsweredItChoosesNothing() {
        SwitchableRuntime docker = new SwitchableRuntime(new DockerJavaRuntime());
        docker.goDown();
        try (Engine engine = Engine.start(EngineConfig.defaults(), docker)) {
            FirstStart first = FirstStart.begin(engine, "no settings file", 1);
            await("waiting for Docker").atMost(CEILING).until(first::state, s -> s == FirstStart.State.WAITING_FOR_DOCKER);

            first.close();

            assertThat(first.chosen()).as("chosen").isCompletedExceptionally();
            assertThat(first.state()).isEqualTo(FirstStart.State.FAILED);
            docker.comeBack();
            assertThat(engine.snapshot().pools()).as("pools after closing").isEmpty();
        }
    }
}
