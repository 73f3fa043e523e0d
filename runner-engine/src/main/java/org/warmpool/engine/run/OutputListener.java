package org.warmpool.engine.run;

/**
 * A run's output as it arrives, for clients that asked to see it stream. Chunks follow no line
 * boundary; they are the run's raw bytes (cleaning to UTF-8 and capping are the listener's).
 * Called on the run path's threads, in order per stream; it must not block.
 */
public interface OutputListener {
    void stdout(byte[] chunk);

    void stderr(byte[] chunk);

    /** Nobody is listening. */
    OutputListener NONE = new OutputListener() {
        @Override
        public void stdout(byte[] chunk) {
        }

        @Override
        public void stderr(byte[] chunk) {
        }
    };
}
