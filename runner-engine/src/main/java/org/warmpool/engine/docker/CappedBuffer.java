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

    /** Keeps what fits under the cap; returns how many of the {@code length} bytes that was. */
    public synchronized int write(byte[] bytes, int offset, int length) {
        int room = cap - kept.size();
        int keep = Math.max(0, Math.min(room, length));
        if (keep > 0) {
            kept.write(bytes, offset, keep);
        }
        total += length;
        return keep;
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
