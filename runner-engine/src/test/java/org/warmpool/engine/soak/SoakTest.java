package org.warmpool.engine.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.docker.DockerJavaRuntime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small soak through the real {@code warmpool serve} and Docker: the faults that need no root
 * (the full set runs in {@code assets/scenario/soak.sh --short}, which {@code ./warmpool test} calls).
 */
class SoakTest {

    @Test
    void aShortSoakWithContainersKilledAndRemovedTheEngineKilledAndClientsVanishingKeepsEveryAnswerTrue(@TempDir Path work)
            throws Exception {
        SoakPlan plan = new SoakPlan(60, 3, 1, 50, 1, Duration.ofSeconds(4),
                EnumSet.of(SoakPlan.Fault.KILL_ENGINE, SoakPlan.Fault.KILL_CONTAINER, SoakPlan.Fault.REMOVE_CONTAINER,
                        SoakPlan.Fault.VANISH), 10, work, work.resolve("journal.db"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakResult result;
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            result = new Soak(plan, docker, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.passed()).as(report).isTrue();
        assertThat(result.timeline().counts().keySet()).as("each fault injected at least once\n" + report)
                .containsAll(plan.faults());
        assertThat(result.journal().found()).as(report).isEqualTo(result.journal().results()).isPositive();
        assertThat(report).contains("| **false verdicts** | 0 |", "| **lost** (no answer) | 0 |",
                "| **leaked containers** (after serve stopped) | 0 |", "soak: PASSED");
    }
}
