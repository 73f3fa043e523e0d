package org.warmpool.app.room;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Addresses;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The way in: addresses with the token, the QR code of one, or how to open Warmpool to the room. */
class WayInViewModelTest {

    static Addresses gateway(String bind, List<String> pages, String token) {
        return new Addresses() {
            @Override
            public Optional<URI> webSocket() {
                return Optional.of(URI.create("ws://" + bind + ":4598/"));
            }

            @Override
            public Optional<URI> http() {
                return Optional.of(URI.create("http://" + bind + ":4597"));
            }

            @Override
            public Optional<URI> localWebSocket() {
                return webSocket();
            }

            @Override
            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            @Override
            public List<URI> participantPages() {
                return pages.stream().map(URI::create).toList();
            }

            @Override
            public boolean loopbackOnly() {
                return bind.startsWith("127.");
            }

            @Override
            public String problem() {
                return "";
            }
        };
    }

    @Test
    void onLoopbackOnlyItSaysHowToOpenWarmpoolToTheRoom() {
        WayInViewModel model = new WayInViewModel(gateway("127.0.0.1", List.of(), null), Path.of("/home/f/.config/warmpool/config.json"));

        assertThat(model.addresses()).isEmpty();
        assertThat(model.chosenProperty().get()).isNull();
        assertThat(model.advice()).contains("this machine only", "\"bind\": \"0.0.0.0\"", "\"token\"",
                "/home/f/.config/warmpool/config.json", "--bind 0.0.0.0 --token");
        assertThat(model.projectorPage()).isEqualTo("http://127.0.0.1:4597/room");
    }

    @Test
    void onTheNetworkItGivesEveryAddressWithTheTokenAndTheProjectorPage() {
        WayInViewModel model = new WayInViewModel(gateway("0.0.0.0",
                List.of("http://192.0.2.2:4597/?token=s3cret", "http://[fd00::2]:4597/?token=s3cret"), "s3cret"), Path.of("c.json"));

        assertThat(model.addresses()).containsExactly("http://192.0.2.2:4597/?token=s3cret", "http://[fd00::2]:4597/?token=s3cret");
        assertThat(model.chosenProperty().get()).isEqualTo("http://192.0.2.2:4597/?token=s3cret");
        assertThat(model.advice()).isEmpty();
        assertThat(model.projectorPage()).isEqualTo("http://127.0.0.1:4597/room?token=s3cret");
    }

    @Test
    void theQrCodeReadsBackAsTheAddress() throws Exception {
        String address = "http://192.0.2.2:4597/?token=s3cret";
        boolean[][] dark = QrCode.modules(address);
        int n = dark.length;
        int scale = 4;
        int[] pixels = new int[n * scale * n * scale];
        for (int y = 0; y < n * scale; y++) {
            for (int x = 0; x < n * scale; x++) {
                pixels[y * n * scale + x] = dark[y / scale][x / scale] ? 0xFF000000 : 0xFFFFFFFF;
            }
        }

        String read = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(n * scale, n * scale, pixels))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true)).getText();

        assertThat(read).isEqualTo(address);
        assertThat(dark[QrCode.QUIET_ZONE][QrCode.QUIET_ZONE]).as("a finder pattern's corner, inside the quiet zone").isTrue();
        assertThat(dark[0][0]).as("the quiet zone").isFalse();
    }
}
