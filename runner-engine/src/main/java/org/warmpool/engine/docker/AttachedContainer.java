package org.warmpool.engine.docker;

import java.io.IOException;

/**
 * A running container whose main process the engine talks to over Docker's attach stream: bytes
 * written here reach its stdin, and its stdout and stderr arrive at the {@link AttachListener}
 * given when it was created. Stdin is never half-closed (a half-close ends the whole attach
 * session, and docker-java cannot deliver it reliably): whoever speaks to the process marks the
 * end of each message in-band.
 */
public interface AttachedContainer extends AutoCloseable {

    String id();

    /**
     * Queues bytes for the container's stdin (in order; returns before they are written).
     *
     * @throws IOException when the attach stream has ended
     */
    void write(byte[] bytes) throws IOException;

    /** Ends the attach session (the container keeps running until it is removed). */
    @Override
    void close();
}
