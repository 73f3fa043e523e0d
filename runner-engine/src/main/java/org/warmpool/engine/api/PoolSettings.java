package org.warmpool.engine.api;

/**
 * An operator's settings for one image's pool.
 *
 * @param target           ready containers to keep waiting
 * @param readOnlyRoot     mount the image's root filesystem read-only (turn off for images whose
 *                         tests must write outside /sandbox and /tmp)
 * @param lambdaOverride   Ruby source of a traffic-light rule to use instead of the image's own;
 *                         {@code null} to use the image's. Only operators set this, never clients.
 * @param memoryMegabytes  memory limit per container (swap equal: no swapping)
 * @param pidsLimit        process limit per container
 * @param sandboxMegabytes size of the /sandbox tmpfs
 * @param runPath          how runs get into the containers
 * @param recycle          a container serves run after run of this pool, wiped and verified in between
 *                         (needs the agent and a read-only root); false: one container, one run
 * @param recycleRuns      a recycled container is replaced after this many runs anyway
 * @param range            a reactive pool's range (its target then moves within it by itself);
 *                         {@code null} for a pool of fixed size
 */
public record PoolSettings(int target, boolean readOnlyRoot, String lambdaOverride, int memoryMegabytes,
                           int pidsLimit, int sandboxMegabytes, RunPathKind runPath, boolean recycle, int recycleRuns,
                           PoolRange range) {
    public static final int MAX_TARGET = 64;
    /** Runs a recycled container serves before it is replaced, unless the settings say otherwise. */
    public static final int DEFAULT_RECYCLE_RUNS = 50;
    /** The run path of a pool whose settings do not name one. */
    public static final RunPathKind DEFAULT_RUN_PATH = RunPathKind.AGENT;

    public PoolSettings {
        java.util.Objects.requireNonNull(runPath, "runPath");
        if (recycle && runPath != RunPathKind.AGENT) {
            throw new IllegalArgumentException("recycling containers needs the agent run path (run_path \"agent\")");
        }
        if (recycle && !readOnlyRoot) {
            throw new IllegalArgumentException("recycling containers needs a read-only root filesystem: what a run wrote"
                    + " outside /sandbox and /tmp could not be wiped");
        }
        if (recycleRuns < 1) {
            throw new IllegalArgumentException("a recycled container serves at least 1 run, not " + recycleRuns);
        }
        if (target < 0 || target > MAX_TARGET) {
            throw new IllegalArgumentException("a pool's target must be between 0 and " + MAX_TARGET + ", not " + target);
        }
        if (memoryMegabytes < 16 || pidsLimit < 8 || sandboxMegabytes < 1) {
            throw new IllegalArgumentException("memory ≥ 16 MB, pids ≥ 8 and sandbox ≥ 1 MB are needed to run anything");
        }
    }

    /** Fixed-size settings (no range). */
    public PoolSettings(int target, boolean readOnlyRoot, String lambdaOverride, int memoryMegabytes, int pidsLimit,
                        int sandboxMegabytes, RunPathKind runPath, boolean recycle, int recycleRuns) {
        this(target, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes, runPath, recycle, recycleRuns,
                null);
    }

    /** Settings without the run path's: the default path, one run per container. */
    public PoolSettings(int target, boolean readOnlyRoot, String lambdaOverride, int memoryMegabytes, int pidsLimit,
                        int sandboxMegabytes) {
        this(target, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes, DEFAULT_RUN_PATH, false,
                DEFAULT_RECYCLE_RUNS);
    }

    public static PoolSettings withTarget(int target) {
        return new PoolSettings(target, true, null, 768, 128, 64);
    }

    /** The same settings with an operator's traffic-light rule (Ruby lambda source) instead of the image's. */
    public PoolSettings withRule(String rubyLambda) {
        return new PoolSettings(target, readOnlyRoot, rubyLambda, memoryMegabytes, pidsLimit, sandboxMegabytes, runPath,
                recycle, recycleRuns, range);
    }

    public PoolSettings readOnlyRoot(boolean readOnly) {
        return new PoolSettings(target, readOnly, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes, runPath,
                recycle, recycleRuns, range);
    }

    public PoolSettings target(int newTarget) {
        return new PoolSettings(newTarget, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes, runPath,
                recycle, recycleRuns, range);
    }

    /** The same settings on another run path (recycling only on the agent's). */
    public PoolSettings runPath(RunPathKind path) {
        return new PoolSettings(target, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes, path,
                recycle && path == RunPathKind.AGENT, recycleRuns, range);
    }

    /** The same settings, recycling containers (on the agent path) or not. */
    public PoolSettings recycle(boolean recycled) {
        return new PoolSettings(target, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes,
                recycled ? RunPathKind.AGENT : runPath, recycled, recycleRuns, range);
    }

    /**
     * The same settings as a reactive pool of {@code newRange} (its target starts at the range's
     * min), or, with {@code null}, a pool of fixed size at the current target.
     */
    public PoolSettings range(PoolRange newRange) {
        return new PoolSettings(newRange == null ? target : newRange.min(), readOnlyRoot, lambdaOverride, memoryMegabytes,
                pidsLimit, sandboxMegabytes, runPath, recycle, recycleRuns, newRange);
    }

    /** Whether its target moves by itself within a {@link #range()}. */
    public boolean reactive() {
        return range != null;
    }
}
