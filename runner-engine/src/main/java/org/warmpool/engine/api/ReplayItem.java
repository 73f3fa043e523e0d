package org.warmpool.engine.api;

/**
 * One submission to replay.
 *
 * @param name       what the report calls it (a file name, a folder's name with a trailing
 *                   {@code /}, or the journal's {@code <seq>-<id>})
 * @param image      the image it ran on, or {@code null} when only the replay's image applies
 * @param maxSeconds its time limit, or 0 when it has none (the replay's, else 10 s)
 * @param tgz        the archive, sent as it is
 * @param expected   the outcome it had when journaled, or {@code null} when unknown
 */
public record ReplayItem(String name, String image, int maxSeconds, byte[] tgz, Outcome expected) {

    /** The same submission on {@code image}. */
    public ReplayItem withImage(String image) {
        return new ReplayItem(name, image, maxSeconds, tgz, expected);
    }

    /** The same submission with the time limit {@code maxSeconds}. */
    public ReplayItem withMaxSeconds(int maxSeconds) {
        return new ReplayItem(name, image, maxSeconds, tgz, expected);
    }
}
