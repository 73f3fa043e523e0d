package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolAdvice;
import org.warmpool.engine.api.PoolSettings;

import java.util.Locale;

/**
 * The smallest target that keeps cold starts under 1 % (and 5 %), by Erlang's loss formula.
 *
 * <p>Why Erlang B and not the Poisson tail: a pool's ready containers are {@code target} places;
 * a claim empties one, and it stays empty for the refill time R (until a container is ready in its
 * place). A claim that finds every place empty starts cold and does not take a place — it is
 * <em>lost</em> to the pool, exactly the customer of an M/G/c/c loss system. Erlang B gives the
 * share of arrivals lost, B(c, λR), and is insensitive to the distribution of R (only its mean
 * matters), which suits refill times with long tails. The Poisson tail P(N ≥ c) with N ~ Poisson(λR)
 * counts places as if cold starts held them too (an M/G/∞ system), so it overstates cold starts,
 * by much at high load; it is printed beside it in the README's check.
 */
final class Advisor {
    /** Cold starts the advised target keeps under. */
    static final double STRICT = 0.01;
    static final double LOOSE = 0.05;

    private Advisor() {
    }

    /** B(c, a): the share of arrivals that find all {@code c} places empty under offered load {@code a}. */
    static double erlangB(int c, double a) {
        double b = 1.0;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        return b;
    }

    /** P(N ≥ c) for N ~ Poisson(a): the infinite-server estimate, for comparison. */
    static double poissonTail(int c, double a) {
        double term = Math.exp(-a);
        double below = 0;
        for (int k = 0; k < c; k++) {
            below += term;
            term *= a / (k + 1);
        }
        return Math.max(0, 1 - below);
    }

    /** The smallest target with B ≤ {@code share}, or -1 when none up to {@link PoolSettings#MAX_TARGET} is. */
    static int smallestTarget(double load, double share) {
        if (load <= 0) {
            return 0; // nothing arrives, or places refill at once
        }
        for (int c = 0; c <= PoolSettings.MAX_TARGET; c++) {
            if (erlangB(c, load) <= share) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Advice from measured figures.
     *
     * @param arrivals     λ, claims per second
     * @param refill       R, mean seconds a place stays empty after a claim
     * @param refillSource how R was measured, for the sentence ("measured over 41 refills")
     */
    static PoolAdvice advise(int current, double arrivals, double refill, String refillSource, double run, double measuredCold,
                             int runs) {
        double load = arrivals * refill;
        int strict = smallestTarget(load, STRICT);
        int loose = smallestTarget(load, LOOSE);
        double predicted = erlangB(current, load);
        String figures = String.format(Locale.ROOT, "%.2f runs/s arrive and a claimed container's place is refilled in %.2f s"
                + " (%s): an offered load of %.1f places.", arrivals, refill, refillSource, load);
        String why;
        if (strict < 0) {
            why = figures + " No target up to " + PoolSettings.MAX_TARGET + " keeps cold starts under 1 %: the machine"
                    + " cannot start containers as fast as runs take them.";
        } else {
            why = figures + String.format(Locale.ROOT, " Target %d keeps cold starts under 1 %% (%d under 5 %%);"
                    + " at %d the model predicts %s cold, and %s were.", strict, loose < 0 ? strict : loose, current,
                    percent(predicted), percent(measuredCold));
        }
        return new PoolAdvice(strict < 0 ? null : strict, loose < 0 ? null : loose, why, arrivals, refill, run, predicted,
                measuredCold, runs);
    }

    static String percent(double share) {
        return share > 0 && share < 0.001 ? "< 0.1 %" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
