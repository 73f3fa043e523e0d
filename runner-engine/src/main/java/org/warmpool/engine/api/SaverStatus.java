package org.warmpool.engine.api;

import java.net.URI;

/**
 * Forwarding results to a saver, at an instant.
 *
 * @param url        where results are POSTed
 * @param journalled true when results wait in the journal, so that those not yet forwarded survive a
 *                   restart; false when they wait in memory only (recording is off, or did not open)
 * @param pending    results waiting to be forwarded: in the journal, and in memory
 * @param sent       results the saver took (a 2xx) since Warmpool started
 * @param rejected   results the saver refused for good (a 4xx other than 408, 425 and 429) since
 *                   Warmpool started; in the journal they stay, marked rejected with the reason
 * @param failed     results waiting in memory given up on after their last attempt
 * @param dropped    results lost unsent: the memory backlog was full, or the journal's retention had to
 *                   remove them while they waited
 * @param problem    empty when well; otherwise what is wrong, for an operator
 */
public record SaverStatus(URI url, boolean journalled, long pending, long sent, long rejected, long failed, long dropped,
                          String problem) {

    /** A saver that was asked for but does not run (its URL is refused): nothing is forwarded, and why. */
    public static SaverStatus notForwarding(URI url, String problem) {
        return new SaverStatus(url, false, 0, 0, 0, 0, 0, problem);
    }
}
