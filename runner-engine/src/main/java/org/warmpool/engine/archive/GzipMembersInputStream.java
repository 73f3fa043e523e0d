package org.warmpool.engine.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The decompressed bytes of every member of a gzip stream, accepting what {@code gzip -d}
 * accepts without complaint: several members one after another ({@code cat a.gz b.gz}) and
 * zero bytes after the last one. Anything else after the last member is refused, as GNU tar
 * refuses it when gzip reports "trailing garbage".
 *
 * <p>Members are read one at a time so that each member's end is seen here, not inside
 * commons-compress, which would report trailing bytes as a bare I/O error.
 */
final class GzipMembersInputStream extends InputStream {

    /** Each member costs an inflater; a stream of thousands of empty members is only a cost. */
    static final int MAX_MEMBERS = 1024;

    private static final int PEEK = 8;

    private final BufferedInputStream raw;
    private GzipCompressorInputStream member;
    private int members;
    private boolean finished;

    /** {@code raw} must be positioned at a gzip header (the caller checked the magic bytes). */
    GzipMembersInputStream(BufferedInputStream raw) throws IOException {
        this.raw = raw;
        this.member = open();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!finished) {
            int n = member.read(b, off, len);
            if (n >= 0) {
                return n;
            }
            member.close();
            member = null;
            nextMemberOrEnd();
        }
        return -1;
    }

    private void nextMemberOrEnd() throws IOException {
        raw.mark(PEEK);
        byte[] next = raw.readNBytes(PEEK);
        raw.reset();
        if (next.length == 0) {
            finished = true;
        } else if (next.length >= 2 && (next[0] & 0xff) == 0x1f && (next[1] & 0xff) == 0x8b) {
            if (members == MAX_MEMBERS) {
                throw new ArchiveIOException(ArchiveException.bad(
                        "gzip stream has more than " + MAX_MEMBERS + " members one after another"));
            }
            member = open();
        } else {
            skipZeroPadding(next);
            finished = true;
        }
    }

    private void skipZeroPadding(byte[] next) throws IOException {
        byte[] chunk = new byte[4096];
        for (int n = raw.read(chunk); n >= 0; n = raw.read(chunk)) {
            for (int i = 0; i < n; i++) {
                if (chunk[i] != 0) {
                    throw new ArchiveIOException(ArchiveException.bad(
                            "unexpected bytes after the end of the gzip stream (first bytes are "
                                    + PathRules.hex(next, PEEK) + ")"));
                }
            }
        }
    }

    private GzipCompressorInputStream open() throws IOException {
        members++;
        // The shield keeps commons-compress from closing the shared stream at the end of a
        // member; passing mark/reset through lets it stop exactly at the member's end instead
        // of buffering past it.
        return GzipCompressorInputStream.builder()
                .setInputStream(new FilterInputStream(raw) {
                    @Override
                    public void close() {
                    }
                })
                .setDecompressConcatenated(false)
                .get();
    }

    @Override
    public void close() throws IOException {
        if (member != null) {
            member.close(); // frees the inflater's native memory now rather than at the next GC
            member = null;
        }
    }
}
