package org.warmpool.engine.api;

/** Where a container is in its life: one submission, or (in a recycling pool) one after another. */
public enum ContainerPhase {
    /** Being created and started. */
    STARTING,
    /** Started and waiting in its pool. */
    READY,
    /** Taken by a submission; the timer is about to start. */
    CLAIMED,
    /** {@code cyber-dojo.sh} is running in it. */
    RUNNING,
    /** Its submission is done and its agent is wiping it to serve the pool's next one (recycling pools). */
    RECYCLING,
    /** Its submission is done (or it died); being removed. */
    RETIRING,
    /** Removed from Docker. */
    GONE
}
