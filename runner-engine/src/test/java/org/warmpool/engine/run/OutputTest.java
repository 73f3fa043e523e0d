package org.warmpool.engine.run;

import org.warmpool.engine.api.Output;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTest {

    @Test
    void shortValidTextComesBackAsItIs() {
        Output out = Output.fromBytes("héllo ✓\n".getBytes(StandardCharsets.UTF_8), false);
        assertThat(out).isEqualTo(new Output("héllo ✓\n", false));
    }

    @Test
    void moreThanFiftyKilobytesIsCutAtTheCapAndFlagged() {
        Output out = Output.fromBytes("x".repeat(60 * 1024).getBytes(StandardCharsets.US_ASCII), false);
        assertThat(out.truncated()).isTrue();
        assertThat(out.content()).hasSize(Output.CAP_BYTES);
    }

    @Test
    void theCutNeverSplitsAMultiByteCharacter() {
        String text = "a" + "€".repeat(20_000); // 1 + 60,000 bytes; the cap falls inside a "€"
        Output out = Output.fromBytes(text.getBytes(StandardCharsets.UTF_8), false);
        assertThat(out.truncated()).isTrue();
        assertThat(out.content()).doesNotContain("\uFFFD").startsWith("a€€");
        assertThat(out.content().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Output.CAP_BYTES);
    }

    @Test
    void invalidUtf8AndNulBytesAreReplacedSoTheResultIsValidText() {
        byte[] bytes = {'o', 'k', (byte) 0xff, 0, (byte) 0xc3};
        assertThat(Output.fromBytes(bytes, false).content()).isEqualTo("ok\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void aProducerThatAlreadyDroppedBytesMakesTheOutputTruncated() {
        assertThat(Output.fromBytes("abc".getBytes(StandardCharsets.UTF_8), true).truncated()).isTrue();
    }
}
