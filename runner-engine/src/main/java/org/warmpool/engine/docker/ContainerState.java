package org.warmpool.engine.docker;

/**
 * What the daemon says of one container now: whether it still exists and runs, and how it ended.
 * A run path asks after a run that ended by a signal, to tell the script's own death from a kill
 * that came from outside.
 *
 * @param exists    the daemon still knows it (it was not removed)
 * @param running   it still runs
 * @param oomKilled the kernel killed a process of it for memory (the daemon's {@code OOMKilled})
 * @param exitCode  its main process's exit status once it has stopped; {@code null} while it runs
 */
public record ContainerState(boolean exists, boolean running, boolean oomKilled, Integer exitCode) {
    /** A container the daemon no longer knows. */
    public static final ContainerState GONE = new ContainerState(false, false, false, null);
}
