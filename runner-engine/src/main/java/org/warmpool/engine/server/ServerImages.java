package org.warmpool.engine.server;

import org.warmpool.engine.core.Engine;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/** {@link Images} over the engine; a load runs on a thread of its own and can be cancelled. */
final class ServerImages implements Images {
    private final Engine engine;

    ServerImages(Engine engine) {
        this.engine = engine;
    }

    @Override
    public List<LocalImage> list() {
        return engine.localImages();
    }

    @Override
    public ImageCheck check(String image) {
        return engine.checkImage(image);
    }

    @Override
    public Load load(Path tarball, LongConsumer bytesRead) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Cancellable in = new Cancellable();
        Thread loading = new Thread(() -> {
            try (InputStream file = Files.newInputStream(tarball)) {
                in.source = file;
                engine.loadImage(in, bytesRead);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(in.cancelled ? new CancellationException("the load was cancelled") : e);
            }
        }, "warmpool-image-load");
        loading.setDaemon(true);
        loading.start();
        return Load.of(done, () -> in.cancelled = true);
    }

    @Override
    public Map<String, Boolean> onEngines(String image) {
        Map<String, Boolean> found = new LinkedHashMap<>();
        engine.imageOnEngines(image).forEach((name, has) -> has.ifPresent(h -> found.put(name, h)));
        return found;
    }

    @Override
    public Load copyTo(String image, String engineName, LongConsumer bytesSent) {
        CompletableFuture<Void> done = engine.copyImage(image, engineName, bytesSent);
        // cancelling closes the stream from the source engine: the target refuses the partial image
        return Load.of(done, () -> done.cancel(false));
    }

    /** Fails the next read once cancelled, which ends Docker's load of a partial image. */
    private static final class Cancellable extends FilterInputStream {
        volatile InputStream source;
        volatile boolean cancelled;

        Cancellable() {
            super(InputStream.nullInputStream());
        }

        @Override
        public int read() throws IOException {
            check();
            return source.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return source.read(b, off, len);
        }

        private void check() throws IOException {
            if (cancelled) {
                throw new IOException("the load was cancelled");
            }
        }
    }
}
