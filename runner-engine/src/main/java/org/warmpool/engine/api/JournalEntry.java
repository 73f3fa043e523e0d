package org.warmpool.engine.api;

import java.time.Instant;

/**
 * One recorded submission and, once it came, its reply.
 *
 * @param seq        the journal's own number for it, increasing with time
 * @param id         the client's id
 * @param door       "ws" or "http"
 * @param receivedAt when the submission was accepted
 * @param finishedAt when its reply was ready; {@code null} if none was recorded (the engine stopped first)
 * @param outcome    red, amber, green, timed_out, faulty, or {@code error:<code>}; {@code null} without a reply
 * @param totalMillis the run's total time as the reply states it; -1 without one
 * @param warm       served warm; {@code null} without a result
 * @param reply      the reply JSON as sent; {@code null} without one
 * @param tgzBytes   size of the archive as received (or, for HTTP, as packed from its files)
 * @param participant who sent it (the WebSocket header's {@code participant}, the cyber-dojo {@code id} over HTTP);
 *                   {@code null} for anonymous, and for runs recorded before participants were
 */
public record JournalEntry(long seq, String id, String door, String image, int maxSeconds, boolean filesBack,
                           Instant receivedAt, Instant finishedAt, String outcome, long totalMillis, Boolean warm,
                           String reply, long tgzBytes, String participant) {
    /** What the room calls a run that names nobody. */
    public static final String ANONYMOUS = "anonymous";

    /** Its participant, or {@value #ANONYMOUS}. */
    public String participantOrAnonymous() {
        return participant == null ? ANONYMOUS : participant;
    }
}
