package org.warmpool.engine.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An attached container's stdin as docker-java reads it: bytes queued by {@link #offer} come out
 * in order, and a read blocks until there are some. It ends (read returns -1) only when closed,
 * when the container is being retired anyway.
 */
final class StdinQueue extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current;
    private int position;
    private volatile boolean closed;

    void offer(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("the container's stdin is closed");
        }
        if (bytes.length > 0) {
            chunks.add(bytes.clone());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (current == END) {
                return -1;
            }
            try {
                current = chunks.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for stdin", e);
            }
            position = 0;
            if (current == null && closed) {
                current = END;
            }
        }
        if (current == END) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        chunks.add(END);
    }
}
