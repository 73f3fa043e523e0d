package org.warmpool.engine.docker;

/**
 * What a finished exec produced.
 *
 * @param exitCode the process's exit status, or {@code null} when it never reported one
 *                 (the container was killed or removed underneath it)
 */
public record ExecResult(Integer exitCode, CappedBuffer stdout, CappedBuffer stderr) {
}
