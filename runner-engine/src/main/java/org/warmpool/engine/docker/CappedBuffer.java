package org.warmpool.engine.docker;

import java.io.ByteArrayOutputStream;

/**
 * Keeps the first {@code cap} bytes written to it and counts the rest, so a program that prints
 * gigabytes costs the engine at most {@code cap} bytes of memory.
 */
public final class CappedBuffer {
    private final int cap;
    private final ByteArrayOutputStream kept;
    private long total;

    public CappedBuffer(int cap) {
        this.cap = cap;
        this.kept = new ByteArrayOutputStream(Math.min(cap, 8192));
    }

    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = cap - kept.size();
        if (room > 0) {
            kept.write(bytes, offset, Math.min(room, length));
        }
        total += length;
    }

    public synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    /** True when more was written than was kept. */
    public synchronized boolean truncated() {
        return total > cap;
    }

    public synchronized long totalBytes() {
        return total;
    }
}
