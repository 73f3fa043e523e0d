package org.warmpool.engine.api;

/** Told on the replay's threads as submissions go out and answers come back. */
public interface ReplayListener {
    /** One submission was sent (the {@code index}-th of the session, from 0). */
    default void sent(int index, ReplayItem item) {
    }

    /** One answer came back: a result, an error, or nothing before the connection was lost. */
    default void answered(int index, ReplayReport.Reply reply) {
    }
}
