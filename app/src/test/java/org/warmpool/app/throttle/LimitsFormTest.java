package org.warmpool.app.throttle;

import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.ThrottleLimits;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits, as an operator types them: checked, applied through the port, or refused next to the field. */
class LimitsFormTest {
    static final ThrottleLimits LIMITS = new ThrottleLimits(64, 4, 2, 100, 5.0, 10);

    final Fakes.FakeLimits limits = new Fakes.FakeLimits(LIMITS);
    final LimitsForm form = new LimitsForm(limits, () -> ZoneOffset.UTC);

    @Test
    void theFieldsShowTheLimitsInForce() {
        assertThat(form.maxConnections().textProperty().get()).isEqualTo("64");
        assertThat(form.maxConcurrentRuns().textProperty().get()).isEqualTo("4");
        assertThat(form.perConnection().textProperty().get()).isEqualTo("2");
        assertThat(form.queueCapacity().textProperty().get()).isEqualTo("100");
        assertThat(form.ratePerSecond().textProperty().get()).isEqualTo("5");
        assertThat(form.burst().textProperty().get()).isEqualTo("10");
        assertThat(form.dirtyProperty().get()).isFalse();
    }

    @Test
    void applyingValidLimitsHandsThemOnAndSaysWhen() {
        form.ratePerSecond().textProperty().set("1.5");
        form.burst().textProperty().set("1");
        assertThat(form.dirtyProperty().get()).isTrue();

        assertThat(form.apply()).isTrue();

        assertThat(limits.applied).containsExactly(new ThrottleLimits(64, 4, 2, 100, 1.5, 1));
        assertThat(form.limits()).isEqualTo(limits.applied.get(0));
        assertThat(form.dirtyProperty().get()).isFalse();
        assertThat(form.errorProperty().get()).isEmpty();
        assertThat(form.messageProperty().get()).startsWith("Applied and saved at ");
        assertThat(form.ratePerSecond().textProperty().get()).isEqualTo("1.5");
    }

    @Test
    void aFieldThatIsNotANumberIsMarkedAndNothingIsApplied() {
        form.maxConnections().textProperty().set("lots");
        form.queueCapacity().textProperty().set("-1");
        form.ratePerSecond().textProperty().set("");

        assertThat(form.apply()).isFalse();

        assertThat(limits.applied).isEmpty();
        assertThat(form.maxConnections().errorProperty().get()).isEqualTo("a whole number, not \"lots\"");
        assertThat(form.queueCapacity().errorProperty().get()).isEqualTo("0 or more");
        assertThat(form.ratePerSecond().errorProperty().get()).isEqualTo("required");
        assertThat(form.burst().errorProperty().get()).isEmpty();
        assertThat(form.errorProperty().get()).isEqualTo("Not applied: correct the marked fields.");

        form.maxConnections().textProperty().set("10");
        assertThat(form.maxConnections().errorProperty().get()).as("editing clears the field's mark").isEmpty();
    }

    @Test
    void whenTheEngineRefusesTheLimitsItsMessageIsShownInline() {
        limits.refuse = "max concurrent runs cannot exceed 64 on this machine";
        form.maxConcurrentRuns().textProperty().set("500");

        assertThat(form.apply()).isFalse();

        assertThat(form.errorProperty().get()).isEqualTo("Not applied: max concurrent runs cannot exceed 64 on this machine");
        assertThat(form.limits()).isEqualTo(LIMITS);
        assertThat(form.dirtyProperty().get()).isTrue();
    }

    @Test
    void revertPutsTheLimitsInForceBack() {
        form.burst().textProperty().set("99");
        form.revert();
        assertThat(form.burst().textProperty().get()).isEqualTo("10");
        assertThat(form.dirtyProperty().get()).isFalse();
    }

    @Test
    void defaultsFillTheFieldsButAreNotAppliedUntilApply() {
        form.fillDefaults();
        assertThat(form.dirtyProperty().get()).isEqualTo(!ThrottleLimits.defaults().equals(LIMITS));
        assertThat(limits.applied).isEmpty();
        assertThat(form.apply()).isTrue();
        assertThat(limits.applied).containsExactly(ThrottleLimits.defaults());
    }
}
