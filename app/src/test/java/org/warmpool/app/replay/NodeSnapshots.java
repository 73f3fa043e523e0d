package org.warmpool.app.replay;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes what a node looks like to a PNG, to look at by eye (javafx-swing is not a dependency, so
 * the pixels are copied into an AWT image by hand). Screenshots go to {@code /tmp/warmpool-views}
 * unless {@code -Dwarmpool.screenshots=DIR} says otherwise.
 */
public final class NodeSnapshots {
    private NodeSnapshots() {
    }

    public static Path folder() {
        return Path.of(System.getProperty("warmpool.screenshots", "/tmp/warmpool-views"));
    }

    /** Snapshots {@code node} (on the FX thread, whichever thread calls this) into {@code folder()/name.png}. */
    public static Path save(Node node, String name) {
        Path file = folder().resolve(name + ".png");
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        Runnable take = () -> {
            try {
                image.complete(node.snapshot(null, null));
            } catch (RuntimeException e) {
                image.completeExceptionally(e);
            }
        };
        if (Platform.isFxApplicationThread()) {
            take.run();
        } else {
            Platform.runLater(take);
        }
        try {
            write(image.get(30, TimeUnit.SECONDS), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("no snapshot of " + node, e);
        }
        return file;
    }

    static void write(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        PixelReader pixels = image.getPixelReader();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            pixels.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(out, "png", file.toFile());
    }
}
