package org.warmpool.app.images;

import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Several Docker engines' images as the Images port reports them, by hand: which engine holds what,
 * and a copy the test drives (bytes sent, done, failed); a cancelled copy fails as the engine's does
 * and leaves the target without the image.
 */
public class FakeEngineImages implements Images {
    public final List<LocalImage> images = new ArrayList<>();
    /** image → engine → holds it (engines in the order they were named). */
    public final Map<String, Map<String, Boolean>> where = new ConcurrentHashMap<>();
    public final List<String> copies = new ArrayList<>();
    public volatile Copy copy;
    public volatile RuntimeException refuse;

    /** One copy under way, as the test drives it. */
    public static final class Copy {
        public final String image;
        public final String engine;
        public final LongConsumer sent;
        public final CompletableFuture<Void> done = new CompletableFuture<>();
        public volatile boolean cancelled;
        private final Runnable arrived;

        Copy(String image, String engine, LongConsumer sent, Runnable arrived) {
            this.image = image;
            this.engine = engine;
            this.sent = sent;
            this.arrived = arrived;
        }

        /** The target engine has the image now. */
        public void finish() {
            arrived.run();
            done.complete(null);
        }
    }

    /** {@code image} is held by these engines and not by those. */
    public FakeEngineImages holds(String image, long size, Map<String, Boolean> engines) {
        images.add(new LocalImage("sha256:" + Integer.toHexString(image.hashCode()) + "0123456789abcdef", List.of(image + ":latest"),
                size, 0));
        where.put(image + ":latest", new LinkedHashMap<>(engines));
        return this;
    }

    @Override
    public List<LocalImage> list() {
        return List.copyOf(images);
    }

    @Override
    public ImageCheck check(String image) {
        return new ImageCheck(image, true, List.of());
    }

    @Override
    public Load load(Path tarball, LongConsumer bytesRead) {
        throw new UnsupportedOperationException("not in these tests");
    }

    @Override
    public Map<String, Boolean> onEngines(String image) {
        return new LinkedHashMap<>(where.getOrDefault(image, Map.of()));
    }

    @Override
    public Load copyTo(String image, String engine, LongConsumer bytesSent) {
        if (refuse != null) {
            throw refuse;
        }
        Copy started = new Copy(image, engine, bytesSent, () -> where.get(image).put(engine, true));
        copies.add(image + " → " + engine);
        copy = started;
        return Load.of(started.done, () -> {
            started.cancelled = true;
            started.done.completeExceptionally(new CancellationException("the copy was cancelled"));
        });
    }
}
