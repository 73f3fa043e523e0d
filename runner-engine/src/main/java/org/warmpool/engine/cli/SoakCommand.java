package org.warmpool.engine.cli;

import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.soak.Soak;
import org.warmpool.engine.soak.SoakPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code warmpool soak}: a served engine under a mixed load while faults are injected, then the checks. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run warmpool serve under a mixed load over WebSocket and HTTP while faults are injected, then check "
                + "that every submission got one true answer, every result is in the journal, nothing was left behind "
                + "and the heap stayed flat. Exit status 0 when every check held.")
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "10000", description = "Runs at least (default ${DEFAULT-VALUE}); the load goes on until each fault has had its turn.")
    int runs;

    @Option(names = "--clients", defaultValue = "4", description = "WebSocket clients, closed loop (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--http-clients", defaultValue = "1", description = "HTTP clients, closed loop (default ${DEFAULT-VALUE}).")
    int httpClients;

    @Option(names = "--idle", defaultValue = "500", description = "Idle WebSocket connections held throughout (default ${DEFAULT-VALUE}).")
    int idle;

    @Option(names = "--slow", defaultValue = "4", description = "Slow senders (default ${DEFAULT-VALUE}).")
    int slow;

    @Option(names = "--faults", defaultValue = "kill-container,remove-container,restart-docker,kill-engine,disk-full,vanish",
            description = "Faults to inject, in turn (default: ${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--fault-every", defaultValue = "20", description = "Seconds between two faults (default ${DEFAULT-VALUE}).")
    int faultEvery;

    @Option(names = "--heap-baseline", defaultValue = "1000",
            description = "Runs after which the heap is measured, to compare with the end (default ${DEFAULT-VALUE}).")
    int heapBaseline;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the settings, logs and report go (default: a new temporary folder).")
    Path work;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "The engine's journal; put it on a small tmpfs for the disk-full fault (default: in --work).")
    Path journal;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? work : Files.createTempDirectory("warmpool-soak-");
        Set<SoakPlan.Fault> chosen = faults.isBlank() ? EnumSet.noneOf(SoakPlan.Fault.class)
                : Arrays.stream(faults.split(",")).map(SoakPlan.Fault::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(SoakPlan.Fault.class)));
        SoakPlan plan = new SoakPlan(runs, clients, httpClients, idle, slow, Duration.ofSeconds(faultEvery), chosen, heapBaseline, dir,
                journal != null ? journal : dir.resolve("journal.db"));
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            boolean passed = new Soak(plan, docker, System.out).run().passed();
            System.out.println("soak: report in " + dir.resolve("report.md") + ", logs in " + dir);
            return passed ? 0 : 1;
        }
    }
}
