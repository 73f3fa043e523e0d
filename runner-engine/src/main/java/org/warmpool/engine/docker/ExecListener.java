package org.warmpool.engine.docker;

/**
 * Receives an exec's output as Docker delivers it, for a run whose output streams to its client.
 * Chunks are copies the listener may keep; they follow no line or message boundary. Only the bytes
 * an exec keeps are passed on (the first {@code outputCap} of each stream). Called on the exec
 * stream's own thread, in order per stream; it must not block.
 */
public interface ExecListener {

    void stdout(byte[] chunk);

    void stderr(byte[] chunk);

    /** Nobody is listening. */
    ExecListener NONE = new ExecListener() {
        @Override
        public void stdout(byte[] chunk) {
        }

        @Override
        public void stderr(byte[] chunk) {
        }
    };
}
