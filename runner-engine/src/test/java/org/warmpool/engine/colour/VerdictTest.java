package org.warmpool.engine.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void coloursHaveTheNamesTheProtocolUses() {
        assertThat(Colour.RED.wireName()).as("red").isEqualTo("red");
        assertThat(Colour.AMBER.wireName()).as("amber").isEqualTo("amber");
        assertThat(Colour.GREEN.wireName()).as("green").isEqualTo("green");
    }

    @Test
    void aColouredVerdictIsNotFaulty() {
        Verdict verdict = Verdict.of(Colour.GREEN);

        assertThat(verdict.isFaulty()).as("faulty?").isFalse();
        assertThat(verdict.colour()).as("colour").isEqualTo(Colour.GREEN);
        assertThat(verdict.fault()).as("fault").isNull();
    }

    @Test
    void aFaultyVerdictHasAReasonAndNoColour() {
        Verdict verdict = Verdict.faulty("no traffic-light rule: x is missing");

        assertThat(verdict.isFaulty()).as("faulty?").isTrue();
        assertThat(verdict.colour()).as("colour").isNull();
        assertThat(verdict.fault()).as("fault").isEqualTo("no traffic-light rule: x is missing");
    }

    @Test
    void aVerdictHasExactlyOneOfColourAndFault() {
        assertThatThrownBy(() -> new Verdict(null, null)).as("neither").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Colour.RED, "and a fault")).as("both").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.faulty(" ")).as("blank reason").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsReadAsAnOperatorWouldSayThem() {
        assertThat(Durations.describe(Duration.ofSeconds(1))).as("1 s").isEqualTo("1 s");
        assertThat(Durations.describe(Duration.ofMillis(1500))).as("1.5 s").isEqualTo("1.5 s");
        assertThat(Durations.describe(Duration.ofMillis(250))).as("250 ms").isEqualTo("250 ms");
    }
}
