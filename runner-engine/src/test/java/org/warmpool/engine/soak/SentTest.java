package org.warmpool.engine.soak;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Outcome;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the soak tells a true answer from a false one. */
class SentTest {
    private final Kind green = new Kind("green", Kind.BUSYBOX, 10, Map.of("cyber-dojo.sh", "true\n"), EnumSet.of(Outcome.GREEN));

    private Sent answered(String answer, String detail) {
        Sent s = new Sent("x", green, "ws");
        s.answered(answer, detail);
        return s;
    }

    @Test
    void theOutcomeItDeservesIsTrue() {
        assertThat(answered("green", "").truth(new Timeline())).isEqualTo(Sent.Truth.TRUE);
    }

    @Test
    void anotherColourIsAFalseVerdictEvenWhileAContainerWasKilled() {
        Timeline timeline = new Timeline();
        timeline.add(SoakPlan.Fault.KILL_CONTAINER, System.currentTimeMillis() - 1000, System.currentTimeMillis(), "killed");
        assertThat(answered("red", "").truth(timeline)).isEqualTo(Sent.Truth.FALSE_VERDICT);
    }

    @Test
    void faultyKilledFromOutsideIsExplainedOnlyWhileSomethingWasKilled() {
        Sent killed = answered("faulty", "the container was killed from outside during the run");
        assertThat(killed.truth(new Timeline())).isEqualTo(Sent.Truth.UNEXPECTED);
        Timeline timeline = new Timeline();
        timeline.add(SoakPlan.Fault.KILL_CONTAINER, System.currentTimeMillis() - 1000, System.currentTimeMillis(), "killed");
        assertThat(killed.truth(timeline)).isEqualTo(Sent.Truth.EXPLAINED);
    }

    @Test
    void aCutConnectionIsExplainedByAnEngineKillAndLostOtherwise() {
        Sent cut = answered("cut", "the connection failed");
        assertThat(cut.truth(new Timeline())).isEqualTo(Sent.Truth.LOST);
        Timeline timeline = new Timeline();
        timeline.add(SoakPlan.Fault.KILL_ENGINE, System.currentTimeMillis() - 1000, System.currentTimeMillis(), "killed");
        assertThat(cut.truth(timeline)).isEqualTo(Sent.Truth.EXPLAINED);
    }

    @Test
    void dockerUnavailableIsExplainedOnlyByADockerRestartAndNoAnswerIsLost() {
        assertThat(answered("error:docker_unavailable", "").truth(new Timeline())).isEqualTo(Sent.Truth.UNEXPECTED);
        assertThat(answered("error:throttled", "").truth(new Timeline())).isEqualTo(Sent.Truth.TRUE);
        assertThat(new Sent("y", green, "http").truth(new Timeline())).isEqualTo(Sent.Truth.LOST);
    }

    @Test
    void faultNamesAreTheOnesTheCommandTakes() {
        assertThat(SoakPlan.Fault.parse("restart-docker")).isEqualTo(SoakPlan.Fault.RESTART_DOCKER);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SoakPlan.Fault.parse("reboot")))
                .hasMessageContaining("no fault called 'reboot'").hasMessageContaining("kill-engine");
    }
}
