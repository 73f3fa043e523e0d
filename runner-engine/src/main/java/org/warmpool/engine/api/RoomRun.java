package org.warmpool.engine.api;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the room in full, read from the journal: what was submitted and what came back.
 *
 * @param light       its light in the room
 * @param participant who sent it
 * @param id          the submission's id (the cyber-dojo kata id over HTTP)
 * @param door        "ws" or "http"
 * @param maxSeconds  its time limit
 * @param status      the exit status of {@code cyber-dojo.sh}; empty when it never finished
 * @param warm        served by a warm container
 * @param files       the files it was submitted with, by path in the archive's order, as text (a file that
 *                    is not UTF-8 text says so instead; each cut at 50 KB)
 * @param stdout      as its reply had it
 * @param stderr      as its reply had it
 * @param log         the engine's note (why it timed out or is faulty); empty otherwise
 * @param tgz         the archive as it was received (for Replay)
 */
public record RoomRun(Light light, String participant, String id, String door, int maxSeconds, String status,
                      boolean warm, Map<String, Output> files, Output stdout, Output stderr, Output log, byte[] tgz) {
    public RoomRun {
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    /** The run as Replay takes it: its archive, image, time limit and the colour it had. */
    public ReplayItem asReplayItem() {
        return new ReplayItem(String.format("%08d-%s", light.seq(), participant), light.image(), maxSeconds, tgz,
                light.outcome());
    }

    /** When it was submitted. */
    public Instant at() {
        return light.at();
    }
}
