package org.warmpool.app.images;

import org.warmpool.engine.core.Engine;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.ImageCheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** {@link ImageSource} over the embedded engine. */
final class EngineImageSource implements ImageSource {
    private final Engine engine;

    EngineImageSource(Engine engine) {
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

    /**
     * The engine has no cancel for a load; failing the read of the tarball (from inside its
     * progress callback) ends the upload to Docker, which then loads nothing.
     */
    @Override
    public void load(Path tarball, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        engine.loadImage(tarball, bytes -> {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("load cancelled");
            }
            progress.accept(bytes);
        });
    }
}
