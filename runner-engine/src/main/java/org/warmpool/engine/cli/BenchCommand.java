package org.warmpool.engine.cli;

import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.api.PoolSettings;
import java.util.Map;
import java.util.LinkedHashMap;
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

    @Option(names = "--sustained-runs", defaultValue = "40",
            description = "Runs of the steady-load scenario, each way (0 skips it; default ${DEFAULT-VALUE}).")
    int sustainedRuns;

    @Option(names = "--clients", defaultValue = "2", description = "Clients of the steady-load scenario (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--busybox-image", defaultValue = "warmpool/busybox")
    String busybox;

    @Option(names = "--pytest-image", defaultValue = "warmpool/python-pytest")
    String pytest;

    @Option(names = "--engine", paramLabel = "URI", description = "Also measure runs/s over one, two, … engines side by side:"
            + " the local one, then each engine named here added in turn (unix:///…, tcp://host:port, context:NAME; repeatable).")
    List<String> engines = new java.util.ArrayList<>();

    @Option(names = "--engine-runs", defaultValue = "60", description = "Runs of the engines scenario, per engine count (default ${DEFAULT-VALUE}).")
    int engineRuns;

    @Option(names = "--engine-clients", defaultValue = "6", description = "Clients of the engines scenario (default ${DEFAULT-VALUE}).")
    int engineClients;

    @Option(names = "--engines-only", description = "Run only the engines scenario.")
    boolean enginesOnly;

    @Option(names = "--allow-insecure-engine", description = "Allow tcp:// engines on other hosts without TLS.")
    boolean allowInsecureEngine;

    @Override
    public Integer call() {
        Benchmark bench = new Benchmark(System.out, runs);
        if (enginesOnly && engines.isEmpty()) {
            System.err.println("warmpool bench: --engines-only needs at least one --engine to compare with the local one");
            return 2;
        }
        try {
            if (!engines.isEmpty()) {
                severalEngines(bench);
                if (enginesOnly) {
                    return 0;
                }
            }
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
                Map<String, List<RunResult>> warm = new LinkedHashMap<>();
                modes(pool).forEach((path, settings) -> warm.put(path, bench.scenario(workload.image, workload.files, settings)));
                BenchReport.print(System.out, bare, cli, fresh, cold, warm);
                System.out.println();
            }
            if (sustainedRuns > 0) {
                System.out.printf("Steady load on %s: python-pytest start point, %d clients, closed loop, %d runs each way%n",
                        pytest, clients, sustainedRuns);
                SubmissionFiles files = Benchmark.startPoint(pytest);
                double docker = bench.sustainedDockerRun(pytest, files, clients, sustainedRuns);
                System.out.printf("  %-32s %6.2f runs/s%n", "docker run --rm per submission", docker);
                for (var mode : modes(clients).entrySet()) {
                    double rate = bench.sustained(pytest, files, mode.getValue(), clients, sustainedRuns);
                    System.out.printf("  %-32s %6.2f runs/s   %.2fx docker run --rm%n", "Warmpool, pool of " + clients + ", "
                            + mode.getKey(), rate, rate / docker);
                }
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
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool bench: " + e.getMessage());
            return 2;
        }
    }

    /** Runs/s with the local engine alone, then with each named engine added, side by side. */
    private void severalEngines(Benchmark bench) {
        List<String> all = new java.util.ArrayList<>();
        all.add(org.warmpool.engine.docker.EngineAddress.local(org.warmpool.engine.docker.EngineAddress.Environment.current()).uri());
        all.addAll(engines);
        System.out.printf("Several engines on %s: trivial cyber-dojo.sh, agent path, %d ready per engine, %d clients, closed loop,"
                + " %d runs each%n", busybox, pool, engineClients, engineRuns);
        System.out.printf("  %-8s %-6s %8s %10s%n", "engines", "pool", "runs/s", "vs one");
        double one = 0;
        for (int n = 1; n <= all.size(); n++) {
            double rate = bench.sustainedOnEngines(busybox, Benchmark.trivialSubmission(), PoolSettings.withTarget(pool),
                    engineClients, engineRuns, all.subList(0, n), allowInsecureEngine);
            one = n == 1 ? rate : one;
            System.out.printf("  %-8d %-6d %8.2f %9.2fx%n", n, pool * n, rate, rate / one);
        }
        System.out.println();
    }

    private record Workload(String image, String label, SubmissionFiles files) {
    }

    /** The warm pools compared, by the name of their run path. */
    private static Map<String, PoolSettings> modes(int target) {
        Map<String, PoolSettings> modes = new LinkedHashMap<>();
        modes.put("exec", PoolSettings.withTarget(target).runPath(RunPathKind.EXEC));
        modes.put("agent", PoolSettings.withTarget(target).runPath(RunPathKind.AGENT));
        modes.put("agent, recycled", PoolSettings.withTarget(target).recycle(true));
        return modes;
    }
}
