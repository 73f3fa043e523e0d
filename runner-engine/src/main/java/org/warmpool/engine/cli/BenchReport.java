package org.warmpool.engine.cli;

import org.warmpool.engine.bench.Benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToLongFunction;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

/** Formats one workload's figures. */
final class BenchReport {
    private BenchReport() {
    }

    static void print(PrintStream out, List<Double> bare, List<Double> cli, List<Double> fresh, List<RunResult> cold,
                      List<RunResult> warm) {
        var b = Benchmark.stats(bare);
        var d = Benchmark.stats(cli);
        var f = Benchmark.stats(fresh);
        var c = Benchmark.stats(of(cold, Timings::total));
        var w = Benchmark.stats(of(warm, Timings::total));
        out.println("  bare docker exec round trip           " + b);
        out.println("  cyber-dojo way: docker run --rm (CLI) " + d);
        out.println("  same via the API: create+start+run+rm " + f);
        out.println("  Warmpool, empty pool (cold start)     " + c);
        out.println("  Warmpool, warm pool                   " + w);
        out.printf("  cold/warm p50: docker run --rm %.2fx, via the API %.2fx, empty pool %.2fx   warm p50 / bare exec p50 %.2fx%n",
                d.p50() / w.p50(), f.p50() / w.p50(), c.p50() / w.p50(), w.p50() / b.p50());
        out.printf("  warm p50 breakdown: queued %.0f, claim %.0f, exec %.0f, colour %.0f ms%n",
                Benchmark.stats(of(warm, Timings::queued)).p50(), Benchmark.stats(of(warm, Timings::claim)).p50(),
                Benchmark.stats(of(warm, Timings::exec)).p50(), Benchmark.stats(of(warm, Timings::colour)).p50());
    }

    private static List<Double> of(List<RunResult> results, ToLongFunction<Timings> part) {
        return results.stream().map(r -> (double) part.applyAsLong(r.timings())).toList();
    }
}
