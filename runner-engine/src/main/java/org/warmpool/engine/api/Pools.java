package org.warmpool.engine.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One pool of warm containers per image: what an operator tunes while traffic flows. */
public interface Pools {

    /** Every pool now, by image. */
    List<PoolSnapshot> list();

    /** The settings a pool runs with; empty for an image without a pool. */
    Optional<PoolSettings> settings(String image);

    /**
     * Adds a pool (or changes the settings of an existing one) and prepares it in the background:
     * reads and compiles the image's traffic-light rule, then warms containers up to the target.
     * Completes once it is prepared (or faulty, with the reason in {@link PoolSnapshot#problem()}).
     */
    CompletableFuture<PoolSnapshot> add(String image, PoolSettings settings);

    /**
     * Changes how many ready containers a pool keeps, live: growing starts more, shrinking retires
     * idle ones.
     *
     * @throws RunRejectedException ({@code UNKNOWN_IMAGE}) for an image without a pool
     */
    PoolSnapshot setTarget(String image, int target);

    /** Stops serving an image: idle containers go at once, running ones finish their submission first. */
    CompletableFuture<Void> remove(String image);

    /**
     * Before a workshop: brings the given pools (all when empty) to their targets, reporting per
     * pool until each is full or cannot be; cancelling stops waiting (the pools keep their targets).
     */
    Preparation prepare(List<String> images, PreparationListener listener);

    /** How far a {@link #prepare} has got. */
    interface Preparation {
        /** Completes when every pool is full, faulty, or the preparation was cancelled. */
        CompletableFuture<List<PoolProgress>> done();

        void cancel();
    }

    /** Told on the engine's threads as pools fill. */
    @FunctionalInterface
    interface PreparationListener {
        void progress(List<PoolProgress> pools);
    }

    /**
     * One pool's way to its target.
     *
     * @param problem why it cannot get there (faulty image, Docker down); empty otherwise
     */
    record PoolProgress(String image, int ready, int target, boolean done, String problem) {
    }
}
