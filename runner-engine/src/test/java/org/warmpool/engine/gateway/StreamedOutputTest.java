package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.core.EngineConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Output that streams, through a real gateway over real sockets, on every run path: the exec path
 * (busybox), the agent one container per run (python-pytest) and the agent recycling its container
 * (bash-shunit2). The scripts are bash, so any demo image runs them.
 */
class StreamedOutputTest {
    /** A run path, and the image whose pool takes it in this engine. */
    enum Path {
        EXEC(DemoImages.BUSYBOX, PoolSettings.withTarget(1)),
        AGENT(DemoImages.PYTHON_PYTEST, PoolSettings.withTarget(1).runPath(RunPathKind.AGENT)),
        RECYCLE(DemoImages.BASH_SHUNIT2, PoolSettings.withTarget(1).recycle(true));

        final String image;
        final PoolSettings pool;

        Path(String image, PoolSettings pool) {
            this.image = image;
            this.pool = pool;
        }
    }

    static ServedEngine.Served served;

    @BeforeAll
    static void serve() {
        EngineConfig config = EngineConfig.defaults();
        for (Path p : Path.values()) {
            config = config.withPool(p.image, p.pool);
        }
        served = ServedEngine.start(config, GatewayConfig.loopback(0, 0));
    }

    @AfterAll
    static void close() {
        if (served != null) {
            served.close();
        }
    }

    /** What came back for one streamed submission: its output messages, in order, and then its reply. */
    record Streamed(List<JsonNode> outputs, JsonNode reply, List<JsonNode> all) {
        String joined(String stream) {
            StringBuilder text = new StringBuilder();
            outputs.stream().filter(o -> o.path("stream").asText().equals(stream)).forEach(o -> text.append(o.path("data").asText()));
            return text.toString();
        }

        long count(String stream) {
            return outputs.stream().filter(o -> o.path("stream").asText().equals(stream)).count();
        }
    }

    static Streamed run(Path path, String id, int maxSeconds, String script) {
        await("a warm " + path + " container").atMost(ServedEngine.READY_WITHIN).until(() -> served.engine().snapshot()
                .pool(path.image).ready() >= 1);
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            client.submitStreaming(id, path.image, maxSeconds, DemoImages.script(script));
            JsonNode reply = client.nextReply();
            // the connection stays open a moment: anything sent after the reply would be seen
            client.sendText("probe");
            client.nextReply(Duration.ofSeconds(30));
            List<JsonNode> all = client.everything();
            List<JsonNode> outputs = new ArrayList<>();
            for (JsonNode m : all) {
                if (m == reply) {
                    break;
                }
                if (m.path("type").asText().equals("output")) {
                    outputs.add(m);
                }
            }
            List<JsonNode> afterTheReply = all.subList(all.indexOf(reply) + 1, all.size()).stream()
                    .filter(m -> m.path("type").asText().equals("output")).toList();
            assertThat(afterTheReply).as("output messages after the reply").isEmpty();
            return new Streamed(outputs, reply, all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void outputArrivesBeforeTheResultInOrderAndJoinsToTheResultsText(Path path) {
        // 'caf\303' then '\251': an é split between two writes; \377 is no UTF-8 at all
        Streamed s = run(path, "order-" + path, 10, """
                printf 'one\\n'
                sleep 1
                printf 'two\\n' >&2
                sleep 1
                printf 'caf\\303'
                sleep 1
                printf '\\251 \\377\\n'
                printf 'three\\n' >&2
                """);

        assertThat(s.reply().path("type").asText()).as("the reply: %s", s.reply()).isEqualTo("result");
        assertThat(s.outputs()).as("output messages").allSatisfy(o -> {
            assertThat(o.path("id").asText()).isEqualTo("order-" + path);
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("type", "id", "stream", "data");
        });
        assertThat(s.joined("stdout")).as("stdout, joined").isEqualTo(s.reply().path("stdout").path("content").asText())
                .isEqualTo("one\ncafé \uFFFD\n");
        assertThat(s.joined("stderr")).as("stderr, joined").isEqualTo(s.reply().path("stderr").path("content").asText())
                .isEqualTo("two\nthree\n");
        assertThat(s.outputs()).extracting(o -> o.path("stream").asText()).as("the order of the streams")
                .startsWith("stdout", "stderr", "stdout");
        assertThat(s.outputs().get(0).path("data").asText()).as("the first line came on its own, while the run went").isEqualTo("one\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aProgramThatPrintsSlowlyStreamsSeveralMessagesBeforeItsResult(Path path) {
        Streamed s = run(path, "slow-" + path, 10, "for i in 1 2 3 4; do echo \"line $i\"; sleep 1; done\n");

        assertThat(s.count("stdout")).as("stdout messages before the result").isGreaterThanOrEqualTo(3);
        assertThat(s.joined("stdout")).isEqualTo("line 1\nline 2\nline 3\nline 4\n");
        assertThat(s.reply().path("outcome").asText()).isNotEqualTo("timed_out");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void sixtyKilobytesStreamFiftyAndTheResultIsCutThere(Path path) {
        Streamed s = run(path, "big-" + path, 10, "yes 0123456789abcde | head -c 61440\necho done >&2\n");

        JsonNode stdout = s.reply().path("stdout");
        assertThat(stdout.path("truncated").asBoolean()).as("the result's stdout is cut").isTrue();
        assertThat(stdout.path("content").asText()).hasSize(50 * 1024);
        assertThat(s.joined("stdout")).as("what streamed: the same 50 KB").isEqualTo(stdout.path("content").asText());
        assertThat(s.joined("stderr")).isEqualTo("done\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aRunKilledAtItsDeadlineStreamedWhatItPrintedBefore(Path path) {
        Streamed s = run(path, "loop-" + path, 1, "echo started\nwhile :; do :; done\n");

        assertThat(s.reply().path("outcome").asText()).isEqualTo("timed_out");
        assertThat(s.joined("stdout")).isEqualTo("started\n").isEqualTo(s.reply().path("stdout").path("content").asText());
    }

    @Test
    void withoutStreamTheResultAloneComes() {
        await().atMost(ServedEngine.READY_WITHIN).until(() -> served.engine().snapshot().pool(Path.EXEC.image).ready() >= 1);
        try (WsTestClient client = WsTestClient.connect(served.wsPort())) {
            JsonNode reply = client.run("plain-1", Path.EXEC.image, DemoImages.script("echo hello\n"));

            assertThat(reply.path("stdout").path("content").asText()).isEqualTo("hello\n");
            assertThat(client.everything()).extracting(m -> m.path("type").asText()).containsExactly("result");
        }
    }
}
