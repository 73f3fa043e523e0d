package org.warmpool.engine.api;

/**
 * Told on the replay's threads as submissions go out and answers come back. Every submission
 * sent is answered exactly once, after it was sent, and before the session's report is done.
 * Keep the calls short: they hold up the replay's sending or its connection's reading.
 */
public interface ReplayListener {
    /**
     * One submission is being sent: the {@code index}-th of the session (0, 1, 2… in the order they
     * go), as it goes (with the image and time limit it is sent with).
     */
    default void sent(int index, ReplayItem item) {
    }

    /**
     * A stretch of the {@code index}-th submission's output while it runs, when the plan asked for
     * streaming: in the order it came, all before its answer. Joined, a stream's stretches are the
     * text its result holds (unless the connection fell too far behind to be sent all of them; the
     * result always has it all).
     */
    default void output(int index, StdStream stream, String text) {
    }

    /** The {@code index}-th submission's answer: a result, an error, or why none came (the connection was lost, or none within its time limit + 60 s). */
    default void answered(int index, ReplayReport.Reply reply) {
    }
}
