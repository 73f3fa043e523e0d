package org.warmpool.engine.api;

import java.time.Instant;

/**
 * One run's traffic light in the room: a small square in its outcome's colour, as cyber-dojo's
 * dashboard draws them.
 *
 * @param seq            the journal's number for the run (to open it: {@link Room#run})
 * @param at             when it was submitted
 * @param image          the image it ran on
 * @param outcome        its colour, or why it has none (timed out, faulty)
 * @param durationMillis the run's total time as its reply stated it
 */
public record Light(long seq, Instant at, String image, Outcome outcome, long durationMillis) {
}
