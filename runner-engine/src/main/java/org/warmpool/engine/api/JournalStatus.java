package org.warmpool.engine.api;

import java.nio.file.Path;

/**
 * The journal at an instant.
 *
 * @param recording true when submissions are being recorded
 * @param file      the database file (also when recording is off: where it would be)
 * @param recorded  runs recorded since it was opened
 * @param evicted   runs removed to stay within the limits since it was opened
 * @param pending   writes queued
 * @param problem   empty when well (or switched off on purpose); otherwise what went wrong, for an operator
 */
public record JournalStatus(boolean recording, Path file, long runs, long bytes, long recorded, long evicted, int pending,
                            String problem) {
}
