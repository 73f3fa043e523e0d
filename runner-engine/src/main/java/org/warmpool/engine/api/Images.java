package org.warmpool.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /**
     * Whether each Docker engine holds {@code image}, by engine name; an engine that cannot be asked
     * now is absent. One engine (the usual case) answers for itself alone.
     */
    default Map<String, Boolean> onEngines(String image) {
        return Map.of();
    }

    /**
     * Copies an image to the engine named {@code engine} from one that has it ({@code docker save}
     * there streamed into {@code docker load} here), reporting the bytes sent so far. Once it is
     * there, that engine takes its share of the image's pool.
     *
     * @throws IllegalArgumentException for an unknown engine, one that does not answer or already
     *                                  has the image, or an image no other engine has
     */
    default Load copyTo(String image, String engine, LongConsumer bytesSent) {
        throw new UnsupportedOperationException("copying images between engines is not available here");
    }

    /** A load under way. */
    interface Load {
        /** Completes when Docker has the image(s); fails with a message that says why not. */
        CompletableFuture<Void> done();

        /** Stops reading the file; Docker then refuses the partial image. */
        void cancel();

        /** A load that completes with {@code done} and is cancelled by {@code cancel}. */
        static Load of(CompletableFuture<Void> done, Runnable cancel) {
            return new Load() {
                @Override
                public CompletableFuture<Void> done() {
                    return done;
                }

                @Override
                public void cancel() {
                    cancel.run();
                }
            };
        }
    }
}
