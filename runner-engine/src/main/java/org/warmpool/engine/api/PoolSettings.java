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
 */
public record PoolSettings(int target, boolean readOnlyRoot, String lambdaOverride, int memoryMegabytes,
                           int pidsLimit, int sandboxMegabytes) {
    public static final int MAX_TARGET = 64;

    public PoolSettings {
        if (target < 0 || target > MAX_TARGET) {
            throw new IllegalArgumentException("a pool's target must be between 0 and " + MAX_TARGET + ", not " + target);
        }
        if (memoryMegabytes < 16 || pidsLimit < 8 || sandboxMegabytes < 1) {
            throw new IllegalArgumentException("memory ≥ 16 MB, pids ≥ 8 and sandbox ≥ 1 MB are needed to run anything");
        }
    }

    public static PoolSettings withTarget(int target) {
        return new PoolSettings(target, true, null, 768, 128, 64);
    }

    /** The same settings with an operator's traffic-light rule (Ruby lambda source) instead of the image's. */
    public PoolSettings withRule(String rubyLambda) {
        return new PoolSettings(target, readOnlyRoot, rubyLambda, memoryMegabytes, pidsLimit, sandboxMegabytes);
    }

    public PoolSettings readOnlyRoot(boolean readOnly) {
        return new PoolSettings(target, readOnly, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes);
    }

    public PoolSettings target(int newTarget) {
        return new PoolSettings(newTarget, readOnlyRoot, lambdaOverride, memoryMegabytes, pidsLimit, sandboxMegabytes);
    }
}
