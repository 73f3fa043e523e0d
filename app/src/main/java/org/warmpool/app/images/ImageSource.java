package org.warmpool.app.images;

import org.warmpool.engine.core.Engine;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.ImageCheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * What the Images tab needs from Docker, as a small seam: the console passes the engine's
 * ({@link #of(Engine)}); tests pass a fake. Every method blocks: callers run them off the FX thread.
 */
public interface ImageSource {
    /** The images the Docker daemon holds. */
    List<LocalImage> list();

    /** Whether an image keeps the cyber-dojo contract, and what it lacks. */
    ImageCheck check(String image);

    /**
     * {@code docker load} of a {@code docker save} tarball, reporting bytes read so far. Stops, with
     * an exception, soon after {@code cancelled} turns true.
     */
    void load(Path tarball, LongConsumer progress, BooleanSupplier cancelled) throws IOException;

    /** The engine's images, checks and loads. */
    static ImageSource of(Engine engine) {
        return new EngineImageSource(engine);
    }
}
