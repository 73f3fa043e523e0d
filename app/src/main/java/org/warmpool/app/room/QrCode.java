package org.warmpool.app.room;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;

import java.util.Map;

/** A QR code of a text (ZXing's encoder), drawn as a JavaFX image: black modules on white, with the quiet zone around. */
public final class QrCode {
    private QrCode() {
    }

    /** The light border a reader needs around the code, in modules (the standard's 4). */
    public static final int QUIET_ZONE = 4;

    /** The modules, true for dark, with the quiet zone around; for a long text, a bigger code. */
    public static boolean[][] modules(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            boolean[][] dark = new boolean[m.getHeight()][m.getWidth()];
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    dark[y][x] = m.get(x, y);
                }
            }
            return dark;
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + text.length() + " characters: " + e.getMessage(), e);
        }
    }

    /** The code as an image of {@code scale} pixels per module (sharp when shown at that size: no smoothing). */
    public static Image image(String text, int scale) {
        boolean[][] dark = modules(text);
        int n = dark.length;
        WritableImage image = new WritableImage(n * scale, n * scale);
        PixelWriter pixels = image.getPixelWriter();
        for (int y = 0; y < n * scale; y++) {
            for (int x = 0; x < n * scale; x++) {
                pixels.setArgb(x, y, dark[y / scale][x / scale] ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return image;
    }
}
