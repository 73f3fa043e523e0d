package org.warmpool.engine.pool;

import org.warmpool.engine.docker.ContainerRuntime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * An image going from one engine to another: {@code docker save} there streamed straight into
 * {@code docker load} here, nothing on disk. Cancelling the future closes the stream, which ends
 * the load (the target keeps nothing of it).
 */
final class ImageCopy {
    private ImageCopy() {
    }

    static CompletableFuture<Void> start(String image, ContainerRuntime from, ContainerRuntime to, LongConsumer progress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try (InputStream saved = from.saveImage(image); Counting counted = new Counting(saved, progress, done)) {
                done.whenComplete((ok, failure) -> {
                    if (done.isCancelled()) {
                        counted.abort();
                    }
                });
                to.loadImage(counted);
                done.complete(null);
            } catch (RuntimeException | IOException e) {
                done.completeExceptionally(done.isCancelled() ? new CancellationException("copying " + image + " was cancelled") : e);
            }
        }, "warmpool-image-copy");
        worker.setDaemon(true);
        worker.start();
        return done;
    }

    /** Counts bytes as the target reads them; once cancelled, reads fail, so the load stops. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private final CompletableFuture<Void> done;
        private long count;
        private volatile boolean aborted;

        Counting(InputStream in, LongConsumer progress, CompletableFuture<Void> done) {
            super(in);
            this.progress = progress;
            this.done = done;
        }

        void abort() {
            aborted = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closed to stop it
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (aborted || done.isCancelled()) {
                throw new IOException("the copy was cancelled");
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }
}
