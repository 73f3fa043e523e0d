package org.warmpool.engine.run;

import java.util.Map;

/**
 * What a {@link RunPath} brought back from one run.
 *
 * @param exitCode        the script's exit status; {@code null} when it never reported one (killed)
 * @param stdout          its standard output, up to the cap
 * @param stdoutTruncated it wrote more than the cap
 * @param stderr          its standard error, up to the cap
 * @param stderrTruncated likewise
 * @param ranMillis       from starting the script to its end (or the kill)
 * @param deadlineHit     the deadline's kill ended it
 * @param noShell         the image could not run bash, so nothing of the submission ran
 * @param sandboxFiles    the files under /sandbox after the run, by path relative to it, when the
 *                        request asked for files back; otherwise empty
 * @param reusable        the container may serve another run of its pool (a recycling pool, a clean run)
 * @param fault           why the run ended other than by its script or its deadline (killed or removed
 *                        from outside, out of memory): such a run is {@code faulty}, never coloured;
 *                        empty when it ended by itself
 */
public record Execution(Integer exitCode, byte[] stdout, boolean stdoutTruncated, byte[] stderr, boolean stderrTruncated,
                        long ranMillis, boolean deadlineHit, boolean noShell, Map<String, byte[]> sandboxFiles, boolean reusable,
                        String fault) {
    public Execution {
        sandboxFiles = Map.copyOf(sandboxFiles);
        fault = fault == null ? "" : fault;
    }
}
