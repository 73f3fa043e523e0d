package org.warmpool.engine.docker;

/**
 * Receives an attached container's output as Docker delivers it. Chunks are copies the listener may
 * keep; they do not follow line or message boundaries. Called on the attach stream's own thread, in
 * order.
 */
public interface AttachListener {

    void stdout(byte[] chunk);

    void stderr(byte[] chunk);

    /** The attach stream ended: the container died or was removed, or Docker went away ({@code cause} may be null). */
    void ended(Throwable cause);
}
