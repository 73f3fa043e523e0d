package org.warmpool.engine.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.docker.ContainerRuntime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * An image going from one engine to another: {@code docker save} there streamed straight into
 * {@code docker load} here, nothing on disk. Cancelling the future closes the stream, which ends
 * the load (the target keeps nothing of it).
 */
public final class ImageCopy {
    private static final Logger log = LoggerFactory.getLogger(ImageCopy.class);
    private ImageCopy() {
    }

    /**
     * Copies {@code image} to the engine named {@code engine} from the first other engine that
     * answers and has it; {@code loaded} runs once it is there, before the future completes.
     *
     * @throws IllegalArgumentException for an unknown engine, one that does not answer or already
     *                                  has the image, or an image no other engine has
     */
    static CompletableFuture<Void> to(List<EngineMember> members, String image, String engine, LongConsumer progress,
                                      Runnable loaded) {
        EngineMember to = members.stream().filter(m -> m.name.equals(engine)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("there is no engine named " + engine + "; the engines are "
                        + members.stream().map(m -> m.name).collect(Collectors.joining(", "))));
        if (!to.up()) {
            throw new IllegalArgumentException("engine " + engine + " does not answer: " + to.pools.dockerMessage());
        }
        if (to.hasImage(image).orElse(false)) {
            throw new IllegalArgumentException("engine " + engine + " already has " + image);
        }
        EngineMember from = members.stream().filter(m -> m != to && m.up() && m.hasImage(image).orElse(false)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no engine that answers has " + image + " to copy from"));
        return start(image, from.docker, to.docker, progress, () -> {
            to.imageArrived(image);
            log.info("copied {} from {} to {}", image, from.name, to.name);
            loaded.run();
        });
    }

    /**
     * Copies {@code image} from one engine to another in the background; {@code loaded} runs once it
     * is there, before the future completes. Cancel the future to stop it.
     */
    public static CompletableFuture<Void> start(String image, ContainerRuntime from, ContainerRuntime to, LongConsumer progress,
                                         Runnable loaded) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try (InputStream saved = from.saveImage(image); Counting counted = new Counting(saved, progress, done)) {
                done.whenComplete((ok, failure) -> {
                    if (done.isCancelled()) {
                        counted.abort();
                    }
                });
                to.loadImage(counted);
                loaded.run();
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
