package org.warmpool.engine.api;

/**
 * Where a run's time went, in milliseconds.
 *
 * @param queued waiting for a free run slot
 * @param claim  taking a container (near zero when warm; a whole container start when cold)
 * @param exec   piping the files in and running cyber-dojo.sh
 * @param colour the traffic-light rule
 * @param total  from submission to result
 */
public record Timings(long queued, long claim, long exec, long colour, long total) {
}
