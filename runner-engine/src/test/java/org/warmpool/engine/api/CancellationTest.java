package org.warmpool.engine.api;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's withdrawal switch: cancelled or settled, whichever comes first, and its actions run once. */
class CancellationTest {

    @Test
    void cancellingRunsTheActionsOnceWithTheReason() {
        Cancellation cancellation = new Cancellation();
        List<String> ran = new CopyOnWriteArrayList<>();
        cancellation.onCancel(() -> ran.add("first " + cancellation.reason()));
        cancellation.onCancel(() -> ran.add("second"));

        assertThat(cancellation.cancel("by its client")).as("the first cancel").isTrue();
        assertThat(cancellation.cancel("again")).as("a second cancel").isFalse();

        assertThat(ran).containsExactly("first by its client", "second");
        assertThat(cancellation.isCancelled()).isTrue();
        assertThat(cancellation.reason()).isEqualTo("by its client");
        assertThat(cancellation.settle()).as("settling what was cancelled").isFalse();
    }

    @Test
    void anActionAddedAfterTheCancelRunsAtOnce() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("by its client");
        AtomicBoolean ran = new AtomicBoolean();

        cancellation.onCancel(() -> ran.set(true));

        assertThat(ran).isTrue();
    }

    @Test
    void onceSettledACancelChangesNothing() {
        Cancellation cancellation = new Cancellation();
        AtomicBoolean ran = new AtomicBoolean();
        cancellation.onCancel(() -> ran.set(true));

        assertThat(cancellation.settle()).isTrue();
        assertThat(cancellation.cancel("too late")).as("a cancel after the answer was decided").isFalse();
        cancellation.onCancel(() -> ran.set(true));

        assertThat(ran).as("no action ran").isFalse();
        assertThat(cancellation.isCancelled()).isFalse();
        assertThat(cancellation.reason()).isEmpty();
        assertThat(cancellation.settle()).as("settling again").isTrue();
    }

    @RepeatedTest(20)
    void aCancelRacingTheSettleHasExactlyOneWinner() throws InterruptedException {
        Cancellation cancellation = new Cancellation();
        AtomicInteger actions = new AtomicInteger();
        cancellation.onCancel(actions::incrementAndGet);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean settled = new AtomicBoolean();
        Thread canceller = new Thread(() -> {
            await(go);
            cancelled.set(cancellation.cancel("by its client"));
        });
        Thread settler = new Thread(() -> {
            await(go);
            settled.set(cancellation.settle());
        });
        canceller.start();
        settler.start();
        go.countDown();
        canceller.join();
        settler.join();

        assertThat(cancelled.get()).as("cancelled xor settled").isNotEqualTo(settled.get());
        assertThat(actions.get()).as("actions run").isEqualTo(cancelled.get() ? 1 : 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
