package org.warmpool.engine.colour;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as operators read them in reasons: {@code 1 s}, {@code 1.5 s}, {@code 250 ms}. */
final class Durations {

    private Durations() {
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
