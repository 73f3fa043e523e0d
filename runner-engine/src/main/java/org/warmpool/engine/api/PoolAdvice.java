package org.warmpool.engine.api;

/**
 * The smallest target that would keep a pool's cold starts under 1 % (and under 5 %), from what
 * the last minutes measured: how often runs arrive, and how long a ready container's place stays
 * empty after it is claimed until a container is ready in its place (the refill time).
 *
 * <p>The model (README, "Advice"): arrivals are a Poisson process of rate λ; the {@code target}
 * ready places are the servers of an Erlang loss system (M/G/c/c) whose service time is the refill
 * time R; a claim that finds every place empty starts cold and leaves (it does not wait for one).
 * The share of claims that start cold is then Erlang's B formula with offered load λ·R, which
 * depends on the refill time only through its mean.
 *
 * @param target             the advised target (cold starts under 1 %); {@code null} when there is
 *                           not enough to go on, or no target up to {@link PoolSettings#MAX_TARGET} would do
 * @param targetFor5Percent  the smallest target keeping cold starts under 5 %; {@code null} likewise
 * @param why                the reason, in a sentence or two an operator reads
 * @param arrivalsPerSecond  λ: claims per second over the window (0 when none)
 * @param refillSeconds      R: the mean refill time (0 when none was measured)
 * @param runSeconds         the mean time a run took in its container (exec), for the record
 * @param predictedCold      the share of claims the model predicts to start cold at the current target
 * @param measuredCold       the share that did start cold in the window
 * @param runs               claims counted in the window
 */
public record PoolAdvice(Integer target, Integer targetFor5Percent, String why, double arrivalsPerSecond,
                         double refillSeconds, double runSeconds, double predictedCold, double measuredCold, int runs) {

    /** No advice yet, for the reason given. */
    public static PoolAdvice none(String why) {
        return new PoolAdvice(null, null, why, 0, 0, 0, 0, 0, 0);
    }

    /** Whether it names a target an operator can apply. */
    public boolean applicable() {
        return target != null;
    }
}
