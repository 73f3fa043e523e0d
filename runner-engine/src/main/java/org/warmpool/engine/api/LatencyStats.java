package org.warmpool.engine.api;

import java.util.List;

/** Percentiles of a list of latencies in milliseconds (nearest-rank). */
public record LatencyStats(int n, double p50, double p95, double p99, double max) {
    public static LatencyStats of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencyStats(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("n=%-4d p50 %7.1f ms   p95 %7.1f ms   p99 %7.1f ms   max %7.1f ms", n, p50, p95, p99, max);
    }
}
