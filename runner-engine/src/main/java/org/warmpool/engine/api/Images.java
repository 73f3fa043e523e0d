package org.warmpool.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/** The images the Docker engine holds; offline workshops load theirs from a USB stick. */
public interface Images {

    /** Asks Docker now (call it off a UI thread). */
    List<LocalImage> list();

    /** Whether an image keeps the cyber-dojo contract (sandbox user, bash, tar, a traffic-light rule), and what it lacks. */
    ImageCheck check(String image);

    /**
     * {@code docker load} of a tarball as {@code docker save} writes it (possibly gzip'd), in the
     * background, reporting the bytes read so far.
     */
    Load load(Path tarball, LongConsumer bytesRead);

    /** A load under way. */
    interface Load {
        /** Completes when Docker has the image(s); fails with a message that says why not. */
        CompletableFuture<Void> done();

        /** Stops reading the file; Docker then refuses the partial image. */
        void cancel();
    }
}
