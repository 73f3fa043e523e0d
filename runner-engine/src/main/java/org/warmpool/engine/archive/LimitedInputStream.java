package org.warmpool.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Counts the bytes that pass and refuses the first byte past the limit. It never asks its
 * source for more than one byte beyond the limit, so a stream that never ends costs exactly
 * {@code limit + 1} bytes.
 */
final class LimitedInputStream extends InputStream {

    private final InputStream in;
    private final long limit;
    private final Supplier<ArchiveException> refusal;
    private final boolean sourceIsUpload;
    private long count;

    /**
     * @param sourceIsUpload whether {@code in} is the sender's stream, whose I/O errors then mean
     *                       the upload broke off, not that the data was corrupt
     */
    LimitedInputStream(InputStream in, long limit, Supplier<ArchiveException> refusal, boolean sourceIsUpload) {
        this.in = in;
        this.limit = limit;
        this.refusal = refusal;
        this.sourceIsUpload = sourceIsUpload;
    }

    long count() {
        return count;
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
        if (count > limit) {
            throw new ArchiveIOException(refusal.get());
        }
        int wanted = (int) Math.min(len, limit + 1 - count);
        int n;
        try {
            n = in.read(b, off, wanted);
        } catch (ArchiveIOException e) {
            throw e;
        } catch (IOException e) {
            if (!sourceIsUpload) {
                throw e;
            }
            throw new ArchiveIOException(new ArchiveException(ArchiveException.Reason.BAD_ARCHIVE,
                    "reading the archive failed after " + count + " bytes (" + e.getMessage() + ")", e));
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new ArchiveIOException(refusal.get());
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        // The caller owns the source and closes it; closing here would cut off a shared stream.
    }
}
