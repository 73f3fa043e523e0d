package org.warmpool.engine.api;

/** Where a container is in its one-submission life. */
public enum ContainerPhase {
    /** Being created and started. */
    STARTING,
    /** Started and waiting in its pool. */
    READY,
    /** Taken by a submission; the timer is about to start. */
    CLAIMED,
    /** {@code cyber-dojo.sh} is running in it. */
    RUNNING,
    /** Its submission is done (or it died); being removed. */
    RETIRING,
    /** Removed from Docker. */
    GONE
}
