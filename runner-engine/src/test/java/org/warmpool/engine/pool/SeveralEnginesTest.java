package org.warmpool.engine.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.ExtraDaemons;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.server.WarmpoolServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/**
 * One Warmpool over three real Docker daemons — this machine's own and two extra ones standing in
 * for other hosts — started as {@code warmpool serve --engine …} starts it: a pool spreads over the
 * three; one daemon killed mid-traffic loses none of 30 runs; its share moves to the others within
 * 40 s; it takes its share back when it returns; nothing is left on any daemon once Warmpool stops.
 */
class SeveralEnginesTest {
    static final String MAIN = "unix:///var/run/docker.sock";
    static final Duration SHARE_MOVES_WITHIN = Duration.ofSeconds(40);
    static ExtraDaemons daemons;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startDaemons() throws Exception {
        assumeTrue(ExtraDaemons.possible(), "starting extra Docker daemons needs root and /usr/sbin/dockerd"
                + " (CI runs the suite as root); skipped");
        daemons = ExtraDaemons.start(2, BUSYBOX);
    }

    @AfterAll
    static void stopDaemons() {
        if (daemons != null) {
            daemons.close();
        }
    }

    static WarmpoolServer serve(int target) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        settings.dockerGraceSeconds = 60;
        settings.limits.maxConcurrentRuns = 4;
        settings.engines = List.of(MAIN, daemons.get(1).socket, daemons.get(2).socket);
        Settings.Pool pool = new Settings.Pool();
        pool.target = target;
        settings.pools.put(BUSYBOX, pool);
        settings.namePools();
        return WarmpoolServer.start(settings, dir.resolve("config.json"), false, DockerJavaRuntime::new);
    }

    static Map<String, Integer> ready(Engine engine) {
        PoolSnapshot pool = engine.snapshot().pool(BUSYBOX);
        return pool.engines().stream().collect(Collectors.toMap(PoolShare::engine, PoolShare::ready));
    }

    static Map<String, Integer> targets(Engine engine) {
        PoolSnapshot pool = engine.snapshot().pool(BUSYBOX);
        return pool.engines().stream().collect(Collectors.toMap(PoolShare::engine, PoolShare::target));
    }

    static String name(int daemon) {
        return daemon == 0 ? "/var/run/docker.sock" : "/var/run/warmpool-test-" + daemon + ".sock";
    }

    static RunRequest run(int i) {
        return new RunRequest("run-" + i, BUSYBOX, 10, DemoImages.script("sleep 0.3; echo run " + i), false);
    }

    @Test
    void aPoolSpreadsOverThreeDaemonsLosesNoRunWhenOneDiesAndTakesItBackWhenItReturns() throws Exception {
        String m = name(0);
        String d1 = name(1);
        String d2 = name(2);
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        WarmpoolServer server = serve(6);
        String mainOwner;
        try {
            Engine engine = server.engine();
            mainOwner = engine.owner();
            engine.subscribe("test", events::add);

            await("two ready on each daemon").atMost(Duration.ofSeconds(180))
                    .until(() -> ready(engine).equals(Map.of(m, 2, d1, 2, d2, 2)));
            assertThat(engine.engines()).as("three engines, all up").hasSize(3).allMatch(EngineStatus::up)
                    .allSatisfy(e -> assertThat(e.images()).contains(BUSYBOX));
            assertThat(daemons.get(1).warmpoolContainers()).as("containers on daemon 1").hasSize(2);

            // 30 runs, four at a time; daemon 2 is killed after the 9th has been sent
            List<CompletableFuture<RunResult>> runs = new ArrayList<>();
            long killedAt = 0;
            for (int i = 1; i <= 30; i++) {
                runs.add(engine.run(run(i)));
                if (i == 9) {
                    await("the first nine answered").atMost(Duration.ofSeconds(60))
                            .until(() -> runs.stream().filter(CompletableFuture::isDone).count() >= 6);
                    daemons.get(2).kill();
                    killedAt = System.nanoTime();
                }
                Thread.sleep(150);
            }
            for (int i = 0; i < runs.size(); i++) {
                RunResult result = runs.get(i).get(120, TimeUnit.SECONDS);
                assertThat(result.outcome()).as("run " + (i + 1) + ": " + result.log().content()).isEqualTo(Outcome.GREEN);
                assertThat(result.stdout().content()).as("run " + (i + 1) + "'s output").isEqualTo("run " + (i + 1) + "\n");
            }
            await("daemon 2's share on the others").atMost(SHARE_MOVES_WITHIN.minusNanos(System.nanoTime() - killedAt))
                    .until(() -> targets(engine).equals(Map.of(m, 3, d1, 3, d2, 0)) && ready(engine).get(m) == 3
                            && ready(engine).get(d1) == 3);
            long movedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
            System.out.println("several engines: daemon 2 killed; its share was on the others after " + movedSeconds + " s");
            assertThat(events).as("told").anyMatch(e -> e instanceof EngineEvent.EngineDown down && down.engine().equals(d2));
            assertThat(engine.snapshot().engine(d2).up()).as("daemon 2 down").isFalse();
            assertThat(engine.snapshot().dockerAvailable()).as("Warmpool still serves").isTrue();

            daemons.get(2).start();

            await("daemon 2 takes its share back").atMost(Duration.ofSeconds(120))
                    .until(() -> ready(engine).equals(Map.of(m, 2, d1, 2, d2, 2)) && targets(engine).get(d2) == 2);
            await("its leftovers reaped: on it only its fresh share").atMost(Duration.ofSeconds(60))
                    .until(() -> daemons.get(2).warmpoolContainers().size() == 2);
            assertThat(events).as("told").anyMatch(e -> e instanceof EngineEvent.EngineUp up && up.engine().equals(d2));
            assertThat(engine.run(run(31)).get(60, TimeUnit.SECONDS).outcome()).as("serving on").isEqualTo(Outcome.GREEN);
            assertThat(engine.engines()).as("every engine ran some").allMatch(e -> e.runs() > 0);

            int port = server.addresses().http().orElseThrow().getPort();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/engines")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = new ObjectMapper().readTree(answer.body());
            assertThat(json.path("engines")).as("/api/engines").hasSize(3);
            assertThat(json.path("engines").findValuesAsText("state")).as("states").containsOnly("up");
            assertThat(json.path("pools").get(0).path("engines")).as("the pool's parts").hasSize(3);
        } finally {
            server.close(Duration.ofSeconds(10));
        }

        assertThat(ExtraDaemonsCheck.mainLeft(mainOwner)).as("left on the main daemon").isEmpty();
        for (ExtraDaemons.Daemon d : daemons.all()) {
            assertThat(d.warmpoolContainers()).as("left on " + d).isEmpty();
        }
    }

    /** The main daemon is shared: only this engine's containers are looked for there. */
    static final class ExtraDaemonsCheck {
        static List<String> mainLeft(String owner) throws Exception {
            Process p = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + Labels.OWNER + "=" + owner)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
