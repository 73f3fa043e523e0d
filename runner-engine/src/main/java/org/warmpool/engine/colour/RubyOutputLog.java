package org.warmpool.engine.colour;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a rule's {@code puts} and {@code warn} go: the engine's log at debug level, one entry per
 * line, rather than the console or headless server's own standard output.
 */
final class RubyOutputLog extends OutputStream {

    private static final Logger log = LoggerFactory.getLogger(RubyOutputLog.class);

    // A rule printing megabytes without a newline must not grow the buffer without bound.
    private static final int LINE_LIMIT = 4096;

    private final String stream;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    RubyOutputLog(String stream) {
        this.stream = stream;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (line.size() < LINE_LIMIT) {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        if (log.isDebugEnabled()) {
            log.debug("ruby {}: {}", stream, line.toString(StandardCharsets.UTF_8));
        }
        line.reset();
    }
}
