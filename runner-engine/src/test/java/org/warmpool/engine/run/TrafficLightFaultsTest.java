package org.warmpool.engine.run;

import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Outcome;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.api.PoolSettings;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.engine.DemoImages.BUSYBOX;

/** A broken traffic-light rule (or image) makes runs faulty, with the reason in the log, and never breaks the engine. */
class TrafficLightFaultsTest {
    static final String NO_RULE_IMAGE = "warmpool/test-no-rule";
    static final String NO_BASH_IMAGE = "warmpool/test-no-bash";

    @BeforeAll
    static void buildBrokenImages() throws Exception {
        derive(NO_RULE_IMAGE, "rm /usr/local/bin/red_amber_green.rb");
        derive(NO_BASH_IMAGE, "rm /bin/bash");
    }

    /** Commits warmpool/busybox after {@code command} as {@code image}. */
    static void derive(String image, String command) throws Exception {
        try (DockerClient raw = DockerTestClient.raw()) {
            String id = raw.createContainerCmd(BUSYBOX)
                    .withEntrypoint("/bin/sh", "-c", command)
                    .withLabels(Map.of(Labels.PROJECT, "1", Labels.ROLE, "test"))
                    .exec().getId();
            try {
                raw.startContainerCmd(id).exec();
                raw.waitContainerCmd(id).start().awaitStatusCode();
                raw.commitCmd(id).withRepository(image).withTag("latest").exec();
            } finally {
                raw.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    @AfterAll
    static void removeTheImages() throws Exception {
        try (DockerClient raw = DockerTestClient.raw()) {
            raw.removeImageCmd(NO_RULE_IMAGE).withForce(true).exec();
            raw.removeImageCmd(NO_BASH_IMAGE).withForce(true).exec();
        }
    }

    static RunResult runWithRule(String image, PoolSettings settings) {
        try (Engine engine = Engine.start(EngineConfig.defaults().withPool(image, settings))) {
            return engine.run(new RunRequest("rule", image, 5, DemoImages.script("echo out; echo err >&2; exit 3"), false)).join();
        }
    }

    @Test
    void anImageWithoutARuleGivesFaultyRunsSayingTheRuleIsMissing() {
        RunResult result = runWithRule(NO_RULE_IMAGE, PoolSettings.withTarget(0));
        assertThat(result.outcome()).isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).contains("red_amber_green.rb").contains("missing");
        assertThat(result.stdout().content()).as("the run's own output still comes back").isEqualTo("out\n");
        assertThat(result.status()).isEqualTo("3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "raises           # lambda { |stdout, stderr, status| 1 / 0 }                     # ZeroDivisionError",
            "wrong arity      # lambda { |stdout, stderr| :red }                              # arity",
            "returns blue     # lambda { |stdout, stderr, status| :blue }                     # :blue",
            "does not compile # lambda { |stdout, stderr, status|                               # does not compile",
            "takes too long   # lambda { |stdout, stderr, status| loop { } }                  # took over",
    })
    void aBrokenRuleGivesAFaultyRunWithTheReason(String what, String rule, String reason) {
        RunResult result = runWithRule(BUSYBOX, PoolSettings.withTarget(0).withRule(rule));
        assertThat(result.outcome()).as(what).isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).as(what).contains(reason);
    }

    @Test
    void anImageWithoutBashGivesFaultyRunsSayingSo() {
        RunResult result = runWithRule(NO_BASH_IMAGE, PoolSettings.withTarget(0));
        assertThat(result.outcome()).isEqualTo(Outcome.FAULTY);
        assertThat(result.log().content()).contains("no bash");
    }

    @Test
    void aScriptWhoseLastCommandIsNotFoundIsColouredByTheRuleNotFaulty() {
        try (Engine engine = Engine.start(EngineConfig.defaults().withPool(BUSYBOX, PoolSettings.withTarget(0)))) {
            RunResult result = engine.run(new RunRequest("typo", BUSYBOX, 5, DemoImages.script("ecoh hello"), false)).join();
            assertThat(result.status()).isEqualTo("127");
            assertThat(result.outcome()).as("busybox's rule says amber for 'not found'").isEqualTo(Outcome.AMBER);
        }
    }

    @Test
    void anOperatorsRuleReplacesTheImagesOwn() {
        RunResult result = runWithRule(BUSYBOX, PoolSettings.withTarget(0)
                .withRule("lambda { |stdout, stderr, status| status == 3 && stderr.include?('err') ? :green : :red }"));
        assertThat(result.outcome()).isEqualTo(Outcome.GREEN);
    }

    @Test
    void theImagesOwnRuleColoursByStatus() {
        assertThat(runWithRule(BUSYBOX, PoolSettings.withTarget(0)).outcome()).isEqualTo(Outcome.RED);
    }
}
