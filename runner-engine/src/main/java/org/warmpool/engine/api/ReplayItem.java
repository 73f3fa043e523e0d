package org.warmpool.engine.api;

/**
 * One submission to replay.
 *
 * @param name       what the report calls it (a file name, or the journal's {@code <seq>-<id>})
 * @param image      the image it ran on, or {@code null} when only the replay's image applies
 * @param maxSeconds its time limit
 * @param tgz        the archive, sent as it is
 * @param expected   the outcome it had when journaled, or {@code null} when unknown
 */
public record ReplayItem(String name, String image, int maxSeconds, byte[] tgz, String expected) {
}
