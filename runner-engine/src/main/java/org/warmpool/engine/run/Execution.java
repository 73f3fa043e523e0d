package org.warmpool.engine.run;

import org.warmpool.engine.docker.CappedBuffer;

import java.util.Map;

/**
 * What a {@link RunPath} brought back from one run.
 *
 * @param exitCode     the script's exit status; {@code null} when it never reported one (killed)
 * @param stdout       its standard output, capped
 * @param stderr       its standard error, capped
 * @param ranMillis    from starting the script to its end (or the kill)
 * @param deadlineHit  the deadline's kill ended it
 * @param sandboxFiles the files under /sandbox after the run, by path relative to it, when the
 *                     request asked for files back; otherwise empty
 */
public record Execution(Integer exitCode, CappedBuffer stdout, CappedBuffer stderr, long ranMillis, boolean deadlineHit,
                        Map<String, byte[]> sandboxFiles) {
    public Execution {
        sandboxFiles = Map.copyOf(sandboxFiles);
    }
}
