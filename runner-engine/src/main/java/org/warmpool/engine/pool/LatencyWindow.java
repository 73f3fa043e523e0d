package org.warmpool.engine.pool;

import java.util.Arrays;

/** The last {@code size} latencies, for percentiles that follow the recent traffic. */
final class LatencyWindow {
    private final long[] values;
    private int next;
    private int count;

    LatencyWindow(int size) {
        values = new long[size];
    }

    synchronized void add(long millis) {
        values[next] = millis;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }
}
