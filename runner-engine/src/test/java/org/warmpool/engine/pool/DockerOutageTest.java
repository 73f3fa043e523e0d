package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolSettings;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.run.RunRequest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/** Docker absent, going away and coming back. */
class DockerOutageTest {

    static RunRequest echo() {
        return new RunRequest("x", BUSYBOX, 5, DemoImages.script("echo hi"), false);
    }

    @Test
    void withNoDaemonRunsFailFastWithAMessageSayingWhatToDo() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///tmp/warmpool-test-no-docker.sock").build();
        try (Engine engine = Engine.start(EngineConfig.defaults().withPool(BUSYBOX, PoolSettings.withTarget(1)),
                new DockerJavaRuntime(config))) {
            assertThat(engine.snapshot().dockerAvailable()).isFalse();
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> engine.run(echo()).join());
            // Fast means: without waiting for the pool's preparation (60 s) or a connection timeout per
            // attempt; the ceiling leaves a loaded machine room and still catches either.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to fail").isLessThan(20_000);
            assertThat(thrown).isInstanceOf(CompletionException.class).cause().isInstanceOf(RunRejectedException.class)
                    .hasMessageContaining("Docker is not installed or not running").hasMessageContaining("warmpool-test-no-docker.sock")
                    .hasMessageContaining("sudo apt-get install docker.io");
            assertThat(((RunRejectedException) thrown.getCause()).reason()).isEqualTo(RunRejectedException.Reason.DOCKER_UNAVAILABLE);
            assertThat(engine.ready()).isFalse();
        }
    }

    @Test
    void aSubmissionArrivingWhileDockerIsAwayWaitsAndRunsWhenItIsBack() throws Exception {
        SwitchableRuntime docker = new SwitchableRuntime(new DockerJavaRuntime());
        try (Engine engine = Engine.start(EngineConfig.defaults().withReconcileEvery(Duration.ofSeconds(1))
                .withDockerGrace(Duration.ofSeconds(120)).withPool(BUSYBOX, PoolSettings.withTarget(1)), docker)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() == 1);

            docker.goDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.snapshot().dockerAvailable());
            CompletableFuture<RunResult> waiting = engine.run(echo());
            CompletableFuture<RunResult> second = engine.run(echo());
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.activeRuns() == 2);
            assertThat(waiting).as("answered while Docker is away").isNotDone();

            docker.comeBack();
            assertThat(waiting.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GREEN);
            assertThat(second.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GREEN);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() == 1);
        }
    }

    @Test
    void pastTheGraceSubmissionsAreAnsweredDockerUnavailableAtOnce() {
        SwitchableRuntime docker = new SwitchableRuntime(new DockerJavaRuntime());
        try (Engine engine = Engine.start(EngineConfig.defaults().withDockerGrace(Duration.ofSeconds(2))
                .withPool(BUSYBOX, PoolSettings.withTarget(1)), docker)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() == 1);
            docker.goDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.snapshot().dockerAvailable());

            Throwable waited = catchThrowable(() -> engine.run(echo()).join());
            assertThat(waited.getCause()).isInstanceOf(RunRejectedException.class)
                    .hasMessageContaining("Docker is not answering").hasMessageContaining("keeps trying");
            assertThat(((RunRejectedException) waited.getCause()).reason()).isEqualTo(RunRejectedException.Reason.DOCKER_UNAVAILABLE);
            // the grace is counted from when Docker went away: a later submission is not made to wait again
            long start = System.nanoTime();
            Throwable atOnce = catchThrowable(() -> engine.run(echo()).join());
            assertThat(atOnce.getCause()).isInstanceOf(RunRejectedException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to answer past the grace").isLessThan(2000);
        }
    }

    @Test
    void whenDockerGoesAwayPoolsReportItAndEverythingRecoversWhenItIsBack() {
        SwitchableRuntime docker = new SwitchableRuntime(new DockerJavaRuntime());
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.start(EngineConfig.defaults().withReconcileEvery(Duration.ofSeconds(1))
                .withDockerGrace(Duration.ZERO).withPool(BUSYBOX, PoolSettings.withTarget(1)), docker)) {
            engine.subscribe("test", events::add);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() == 1);

            docker.goDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.snapshot().dockerAvailable());
            assertThat(engine.snapshot().pool(BUSYBOX).problem()).contains("Docker is not answering");
            Throwable thrown = catchThrowable(() -> engine.run(echo()).join());
            assertThat(thrown.getCause()).isInstanceOf(RunRejectedException.class).hasMessageContaining("Docker is not answering");

            docker.comeBack();
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().dockerAvailable());
            assertThat(engine.run(echo()).join().outcome()).isEqualTo(Outcome.GREEN);
            assertThat(events).anyMatch(e -> e instanceof EngineEvent.DockerStatusChanged d && !d.available())
                    .anyMatch(e -> e instanceof EngineEvent.DockerStatusChanged d && d.available());
        }
    }
}
