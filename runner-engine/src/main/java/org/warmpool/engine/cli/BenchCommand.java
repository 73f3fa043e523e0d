package org.warmpool.engine.cli;

import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.bench.Benchmark;
import org.warmpool.engine.docker.DockerUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code warmpool bench}: warm pool vs a fresh container per submission, printed side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure end-to-end latency of the warm pool against a fresh container per submission "
                + "(the cyber-dojo way), with the bare docker exec round trip, in one run.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "30", description = "Runs per scenario (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--pool", defaultValue = "2", description = "Ready containers in the warm scenario (default ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--heap", description = "Also compare engine heap after 100 and after --heap-runs runs (takes minutes).")
    boolean heap;

    @Option(names = "--heap-runs", defaultValue = "1000", description = "Runs for the heap check (default ${DEFAULT-VALUE}).")
    int heapRuns;

    @Option(names = "--busybox-image", defaultValue = "warmpool/busybox")
    String busybox;

    @Option(names = "--pytest-image", defaultValue = "warmpool/python-pytest")
    String pytest;

    @Override
    public Integer call() {
        Benchmark bench = new Benchmark(System.out, runs);
        try {
            System.out.printf("Warmpool benchmark: %d runs per scenario, warm pool of %d, %d cores%n%n",
                    runs, pool, Runtime.getRuntime().availableProcessors());
            for (var workload : List.of(
                    new Workload(busybox, "trivial cyber-dojo.sh (echo)", Benchmark.trivialSubmission()),
                    new Workload(pytest, "python-pytest start point (red)", Benchmark.startPoint(pytest)))) {
                System.out.printf("%s: %s%n", workload.image, workload.label);
                var bare = bench.bareExec(workload.image);
                var cli = bench.dockerRunCli(workload.image, workload.files);
                var fresh = bench.freshContainerPerRun(workload.image, workload.files);
                var cold = bench.scenario(workload.image, workload.files, 0);
                var warm = bench.scenario(workload.image, workload.files, pool);
                BenchReport.print(System.out, bare, cli, fresh, cold, warm);
                System.out.println();
            }
            if (heap) {
                System.out.printf("Heap check on %s:%n", busybox);
                long[] growth = bench.heapGrowth(busybox, 100, heapRuns);
                System.out.printf("  growth from 100 to %d runs: %+.1f%% (target within 10%%)%n", heapRuns,
                        100.0 * (growth[1] - growth[0]) / growth[0]);
            }
            return 0;
        } catch (DockerUnavailableException e) {
            System.err.println("warmpool bench: " + e.getMessage());
            return 4;
        }
    }

    private record Workload(String image, String label, SubmissionFiles files) {
    }
}
