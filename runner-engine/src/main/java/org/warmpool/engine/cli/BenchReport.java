package org.warmpool.engine.cli;

import org.warmpool.engine.bench.Benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

/** Formats one workload's figures. */
final class BenchReport {
    private BenchReport() {
    }

    /**
     * One workload's figures, side by side; ratios against the warm pools.
     *
     * @param warm the warm pool's runs by the name of its run path ("exec", "agent", "agent, recycled")
     */
    static void print(PrintStream out, List<Double> bare, List<Double> cli, List<Double> fresh, List<RunResult> cold,
                      Map<String, List<RunResult>> warm) {
        var b = Benchmark.stats(bare);
        var d = Benchmark.stats(cli);
        var f = Benchmark.stats(fresh);
        var c = Benchmark.stats(of(cold, Timings::total));
        out.println("  bare docker exec round trip              " + b);
        out.println("  cyber-dojo way: docker run --rm (CLI)    " + d);
        out.println("  same via the API: create+start+run+rm    " + f);
        out.println("  Warmpool, empty pool (cold start, exec)  " + c);
        warm.forEach((path, runs) -> out.printf("  Warmpool, warm pool, %-20s%s%n", path, Benchmark.stats(of(runs, Timings::total))));
        warm.forEach((path, runs) -> {
            var w = Benchmark.stats(of(runs, Timings::total));
            out.printf("  %-17s docker run --rm p50 / warm p50 %6.2fx   warm p50 / bare exec p50 %5.2fx"
                            + "   (queued %.0f, claim %.0f, exec %.0f, colour %.0f ms)%n",
                    path + ":", d.p50() / w.p50(), w.p50() / b.p50(),
                    Benchmark.stats(of(runs, Timings::queued)).p50(), Benchmark.stats(of(runs, Timings::claim)).p50(),
                    Benchmark.stats(of(runs, Timings::exec)).p50(), Benchmark.stats(of(runs, Timings::colour)).p50());
        });
    }

    private static List<Double> of(List<RunResult> results, ToLongFunction<Timings> part) {
        return results.stream().map(r -> (double) part.applyAsLong(r.timings())).toList();
    }
}
