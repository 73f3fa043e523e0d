package org.warmpool.engine.colour;

import java.util.concurrent.CountDownLatch;

/**
 * What a rule that will not be stopped looks like, for tests: it waits in Java, where Ruby's
 * Thread#kill (an interrupt) cannot reach it, until the test releases it.
 */
public final class Stubborn {
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    private Stubborn() {
    }

    static void arm() {
        gate = new CountDownLatch(1);
    }

    static void release() {
        gate.countDown();
    }

    /** Called by the rule under test; returns only once released, whatever interrupts it. */
    public static void hold() {
        CountDownLatch mine = gate;
        boolean interrupted = false;
        while (mine.getCount() > 0) {
            try {
                mine.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
