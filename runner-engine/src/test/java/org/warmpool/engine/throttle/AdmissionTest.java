package org.warmpool.engine.throttle;

import org.warmpool.engine.api.ThrottleLimits;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {
    final AtomicLong now = new AtomicLong();

    Admission admission(ThrottleLimits limits) {
        return new Admission(limits, now::get);
    }

    static ThrottleLimits limits(int runs, int perConnection, int queue, double rate, int burst) {
        return new ThrottleLimits(64, runs, perConnection, queue, rate, burst);
    }

    @Test
    void aBurstIsAdmittedThenTheRateAppliesWithARetryHint() {
        Admission admission = admission(limits(100, 100, 100, 5, 3));
        Admission.Client client = admission.connect();
        for (int i = 0; i < 3; i++) {
            assertThat(client.admit().admitted()).as("burst " + i).isTrue();
        }
        Admission.Decision fourth = client.admit();
        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.rejection()).isEqualTo(Admission.Rejection.RATE);
        assertThat(fourth.retryAfterMillis()).isEqualTo(200);
        assertThat(fourth.message()).contains("5.0/s");

        now.addAndGet(200_000_000L); // one token later
        assertThat(client.admit().admitted()).isTrue();
    }

    @Test
    void oneConnectionMayHaveOnlySoManySubmissionsInFlight() {
        Admission admission = admission(limits(100, 2, 100, 1000, 1000));
        Admission.Client client = admission.connect();
        assertThat(client.admit().admitted()).isTrue();
        assertThat(client.admit().admitted()).isTrue();
        Admission.Decision third = client.admit();
        assertThat(third.rejection()).isEqualTo(Admission.Rejection.PER_CONNECTION);
        client.done();
        assertThat(client.admit().admitted()).as("after one is answered").isTrue();
        assertThat(admission.connect().admit().admitted()).as("another connection is not affected").isTrue();
    }

    @Test
    void beyondTheRunSlotsSubmissionsQueueWithTheirPositionUntilTheQueueIsFull() {
        Admission admission = admission(limits(2, 100, 2, 1000, 1000));
        Admission.Client client = admission.connect();
        assertThat(client.admit().position()).isZero();
        assertThat(client.admit().position()).isZero();
        assertThat(client.admit().position()).isEqualTo(1);
        assertThat(client.admit().position()).isEqualTo(2);
        Admission.Decision full = client.admit();
        assertThat(full.rejection()).isEqualTo(Admission.Rejection.QUEUE_FULL);
        assertThat(full.retryAfterMillis()).isPositive();
        assertThat(admission.admitAnonymous().admitted()).as("HTTP requests meet the same bound").isFalse();
        assertThat(admission.snapshot(2).rejections()).containsEntry("queue_full", 2L).containsEntry("rate", 0L);
    }

    @Test
    void connectionsOverTheLimitAreRefusedAndClosingFreesTheirPlace() {
        Admission admission = admission(limits(2, 2, 2, 5, 10).withMaxConnections(2));
        Admission.Client a = admission.connect();
        Admission.Client b = admission.connect();
        assertThat(admission.connect()).isNull();
        assertThat(admission.snapshot(0).connections()).isEqualTo(2);
        a.close();
        a.close();
        assertThat(admission.snapshot(0).connections()).as("closing twice counts once").isEqualTo(1);
        assertThat(admission.connect()).isNotNull();
        assertThat(admission.snapshot(0).rejections()).containsEntry("connections", 1L);
        assertThat(b).isNotNull();
    }

    @Test
    void limitsChangeLive() {
        Admission admission = admission(limits(1, 100, 0, 1000, 1000));
        Admission.Client client = admission.connect();
        assertThat(client.admit().admitted()).isTrue();
        assertThat(client.admit().admitted()).isFalse();
        admission.setLimits(limits(1, 100, 5, 1000, 1000));
        assertThat(client.admit().admitted()).as("after the queue grew").isTrue();
        assertThat(admission.snapshot(1).inFlight()).isEqualTo(2);
    }
}
