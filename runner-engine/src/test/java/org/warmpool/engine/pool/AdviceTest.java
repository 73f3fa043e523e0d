package org.warmpool.engine.pool;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.PoolAdvice;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The advice: Erlang's loss formula over what the last minutes measured, on a fake clock. */
class AdviceTest {
    Instant start = Instant.parse("2026-11-29T17:00:00Z");

    @Test
    void erlangBMatchesTheTextbookValues() {
        assertThat(Advisor.erlangB(0, 2.0)).isEqualTo(1.0);
        assertThat(Advisor.erlangB(1, 1.0)).isCloseTo(0.5, within(1e-12));
        assertThat(Advisor.erlangB(2, 1.0)).isCloseTo(0.2, within(1e-12));
        // a = 5 Erlang over 10 servers: 1.84 % (standard tables)
        assertThat(Advisor.erlangB(10, 5.0)).isCloseTo(0.01838, within(1e-5));
    }

    @Test
    void thePoissonTailOverstatesWhatALossSystemLoses() {
        assertThat(Advisor.poissonTail(4, 3.0)).isGreaterThan(Advisor.erlangB(4, 3.0));
        assertThat(Advisor.poissonTail(0, 3.0)).isEqualTo(1.0);
    }

    @Test
    void theSmallestTargetIsTheFirstWhoseLossIsUnderTheShare() {
        // a = 5: B(10) = 1.84 %, B(11) = 0.83 %; B(8) = 7.0 %, B(9) = 3.8 %
        assertThat(Advisor.smallestTarget(5.0, 0.01)).isEqualTo(11);
        assertThat(Advisor.smallestTarget(5.0, 0.05)).isEqualTo(9);
        assertThat(Advisor.smallestTarget(0.0, 0.01)).as("no demand: nothing needed").isEqualTo(0);
        assertThat(Advisor.smallestTarget(200.0, 0.01)).as("beyond any pool").isEqualTo(-1);
    }

    @Test
    void threeRunsASecondWhosePlacesRefillInASecondAndAHalfNeedElevenForOnePercent() {
        DemandLog log = new DemandLog(Duration.ofMinutes(5));
        // 120 s at 3 claims/s, each warm; each place is refilled 1.5 s after its claim
        for (int i = 0; i < 360; i++) {
            Instant claim = at(i / 3.0);
            log.claimed(claim, true);
            log.ready(claim.plusMillis(1500));
            log.ran(claim.plusMillis(900), true, 2, 850);
        }
        PoolAdvice advice = log.advise(at(120), 4);
        assertThat(advice.arrivalsPerSecond()).isCloseTo(3.0, within(0.05));
        assertThat(advice.refillSeconds()).isCloseTo(1.5, within(0.001));
        assertThat(advice.runSeconds()).isCloseTo(0.85, within(0.001));
        // a ≈ 4.49 Erlang: B(10) = 1.03 %, B(11) = 0.42 %; B(7) = 8.9 %, B(8) = 4.8 %
        assertThat(advice.target()).isEqualTo(11);
        assertThat(advice.targetFor5Percent()).isEqualTo(8);
        assertThat(advice.predictedCold()).as("at target 4")
                .isCloseTo(Advisor.erlangB(4, advice.arrivalsPerSecond() * advice.refillSeconds()), within(1e-12));
        assertThat(advice.why()).contains("2.99 runs/s").contains("refilled in 1.50 s").contains("mean of 360 refills")
                .contains("Target 11 keeps cold starts under 1 % (8 under 5 %)").contains("at 4 the model predicts");
    }

    @Test
    void coldStartsTakeNoPlaceAndCountAsCold() {
        DemandLog log = new DemandLog(Duration.ofMinutes(5));
        for (int i = 0; i < 40; i++) {
            Instant claim = at(i);
            boolean warm = i % 4 != 0;
            log.claimed(claim, warm);
            if (warm) {
                log.ready(claim.plusMillis(800));
            }
            log.ran(claim.plusMillis(900), warm, warm ? 2 : 700, 500);
        }
        PoolAdvice advice = log.advise(at(40), 1);
        assertThat(advice.measuredCold()).isCloseTo(0.25, within(1e-9));
        assertThat(advice.refillSeconds()).as("only warm claims' places are refilled").isCloseTo(0.8, within(1e-9));
        assertThat(advice.why()).contains("and 25.0 % were");
    }

    @Test
    void tooFewRunsGiveNoTargetButSayWhy() {
        DemandLog log = new DemandLog(Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            log.claimed(at(i), true);
            log.ready(at(i + 1));
        }
        PoolAdvice advice = log.advise(at(10), 2);
        assertThat(advice.target()).isNull();
        assertThat(advice.applicable()).isFalse();
        assertThat(advice.why()).isEqualTo("Not enough runs to advise: 5 in the last 5 minutes (20 needed).");
    }

    @Test
    void withoutWarmClaimsTheColdStartsTimeTheRefill() {
        DemandLog log = new DemandLog(Duration.ofMinutes(5));
        for (int i = 0; i < 30; i++) {
            log.claimed(at(i * 0.5), false);
            log.ran(at(i * 0.5 + 1), false, 600, 400);
        }
        PoolAdvice advice = log.advise(at(15), 0);
        assertThat(advice.refillSeconds()).isCloseTo(0.6, within(1e-9));
        assertThat(advice.why()).contains("from 30 cold starts");
        assertThat(advice.measuredCold()).isEqualTo(1.0);
        assertThat(advice.target()).isEqualTo(Advisor.smallestTarget(advice.arrivalsPerSecond() * 0.6, 0.01));
    }

    @Test
    void whatIsOlderThanTheWindowIsForgotten() {
        DemandLog log = new DemandLog(Duration.ofMinutes(5));
        for (int i = 0; i < 30; i++) {
            log.claimed(at(i), true);
            log.ready(at(i + 1));
        }
        assertThat(log.advise(at(40), 1).applicable()).isTrue();
        assertThat(log.advise(at(40 + 300), 1).why()).startsWith("Not enough runs to advise: 0 in the last 5 minutes");
    }

    @Test
    void aLoadNoPoolCanCarrySaysSo() {
        PoolAdvice advice = Advisor.advise(6, 40, 3.0, "mean of 100 refills", 1, 0.8, 1000);
        assertThat(advice.target()).isNull();
        assertThat(advice.why()).contains("No target up to 64 keeps cold starts under 1 %");
    }

    Instant at(double seconds) {
        return start.plusMillis((long) (seconds * 1000));
    }
}
