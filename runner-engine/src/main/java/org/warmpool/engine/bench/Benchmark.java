package org.warmpool.engine.bench;

import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.config.Assets;
import org.warmpool.engine.api.LatencyStats;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.docker.EngineAddress;
import org.warmpool.engine.pool.EngineSet;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerSpec;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunPathKind;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.run.ExecRunPath;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Warm pool against the cyber-dojo way (a fresh container per submission), side by side in one
 * run, with the bare Docker exec round trip as the yardstick. Prints figures; asserts nothing.
 */
public final class Benchmark {
    private final PrintStream out;
    private final int runs;

    public Benchmark(PrintStream out, int runs) {
        this.out = out;
        this.runs = runs;
    }

    public static LatencyStats stats(List<Double> millis) {
        return LatencyStats.of(millis);
    }

    /** A cyber-dojo.sh that does nothing but print: the cost of the machinery alone. */
    public static SubmissionFiles trivialSubmission() {
        try {
            return SubmissionFiles.of(Map.of("cyber-dojo.sh", "echo 'All tests passed'\n".getBytes(StandardCharsets.UTF_8)));
        } catch (ArchiveException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static SubmissionFiles startPoint(String image) {
        try {
            return SubmissionFiles.fromDirectory(Assets.startPoint(image), ArchiveLimits.defaults());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the start point of " + image + ": " + e.getMessage(), e);
        }
    }

    /** Latency of one scenario: {@code target} ready containers (0 = every run starts its own container). */
    public List<RunResult> scenario(String image, SubmissionFiles files, int target) {
        return scenario(image, files, PoolSettings.withTarget(target).runPath(RunPathKind.EXEC));
    }

    /** Latency of one scenario, one run at a time, the pool full again before each (a workshop's think time). */
    public List<RunResult> scenario(String image, SubmissionFiles files, PoolSettings pool) {
        int target = pool.target();
        EngineConfig config = EngineConfig.defaults().withPool(image, pool);
        List<RunResult> results = new ArrayList<>();
        try (Engine engine = Engine.start(config)) {
            awaitFull(engine, image, target);
            for (int i = 0; i < runs + 1; i++) {
                RunResult result = engine.run(new RunRequest("bench-" + i, image, 10, files, false)).join();
                if (i > 0) { // the first run pays JIT and JRuby warm-up for both scenarios alike
                    results.add(result);
                }
                awaitFull(engine, image, target); // think time: a workshop's pools refill between tests
            }
        }
        return results;
    }

    /**
     * The cyber-dojo way, as {@code docker run --rm} does it: create, start, run, remove, all on the
     * critical path, with the same hardening and the same command as a Warmpool run.
     */
    public List<Double> freshContainerPerRun(String image, SubmissionFiles files) {
        List<Double> millis = new ArrayList<>();
        byte[] tar = TarPacker.tar(files);
        PoolSettings s = PoolSettings.withTarget(0);
        ContainerSpec spec = new ContainerSpec(image, Labels.probe(image, "bench"), Map.of("HOME", "/home/sandbox"), true,
                s.memoryMegabytes() * 1024L * 1024L, s.pidsLimit(), s.sandboxMegabytes());
        try (ContainerRuntime docker = new DockerJavaRuntime()) {
            for (int i = 0; i < runs + 1; i++) {
                long start = System.nanoTime();
                String id = docker.createAndStart(spec);
                try {
                    docker.exec(id, Sandbox.USER, List.of(), ExecRunPath.command(tar.length), tar, 50 * 1024,
                            Duration.ofSeconds(10));
                } finally {
                    docker.remove(id);
                }
                if (i > 0) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return millis;
    }

    /**
     * Literally what cyber-dojo's runner does: one {@code docker run --rm -i} of the docker CLI per
     * submission, with the same flags and command. Empty when no docker CLI is installed.
     */
    public List<Double> dockerRunCli(String image, SubmissionFiles files) {
        List<Double> millis = new ArrayList<>();
        byte[] tar = TarPacker.tar(files);
        List<String> command = dockerRunCommand(image, tar.length);
        for (int i = 0; i < runs + 1; i++) {
            long start = System.nanoTime();
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (var stdin = process.getOutputStream()) {
                    stdin.write(tar);
                }
                process.getInputStream().readAllBytes();
                process.waitFor();
            } catch (java.io.IOException e) {
                out.println("  (no docker CLI: " + e.getMessage() + ")");
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return millis;
            }
            if (i > 0) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return millis;
    }

    /** {@code docker run --rm -i} with the hardening and command of a Warmpool run, reading {@code tarBytes} of stdin. */
    static List<String> dockerRunCommand(String image, int tarBytes) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "-i", "--init", "--network", "none",
                "--pids-limit", "128", "--memory", "768m", "--memory-swap", "768m", "--security-opt", "no-new-privileges",
                "--cap-drop", "ALL", "--read-only", "--tmpfs", "/sandbox:exec,size=64m,uid=41966,gid=51966",
                "--tmpfs", "/tmp:exec,size=64m", "--ulimit", "core=0:0", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", "--user", Sandbox.USER, "--env", "HOME=/home/sandbox",
                "--workdir", "/sandbox", "--label", Labels.PROJECT + "=1", image));
        command.addAll(ExecRunPath.command(tarBytes));
        return command;
    }

    /** The yardstick: {@code docker exec true} in an already running container. */
    public List<Double> bareExec(String image) {
        List<Double> millis = new ArrayList<>();
        try (ContainerRuntime docker = new DockerJavaRuntime()) {
            PoolSettings s = PoolSettings.withTarget(0);
            String id = docker.createAndStart(new ContainerSpec(image, Labels.probe(image, "bench"), Map.of(), true,
                    s.memoryMegabytes() * 1024L * 1024L, s.pidsLimit(), s.sandboxMegabytes()));
            try {
                for (int i = 0; i < runs + 1; i++) {
                    long start = System.nanoTime();
                    docker.exec(id, Sandbox.USER, List.of(), List.of("true"), null, 1024, Duration.ofSeconds(10));
                    if (i > 0) {
                        millis.add((System.nanoTime() - start) / 1e6);
                    }
                }
            } finally {
                docker.remove(id);
            }
        }
        return millis;
    }

    /**
     * Throughput under a steady load: {@code clients} clients each sending their next submission as
     * soon as the last is answered (closed loop), {@code total} runs in all. Returns runs per second.
     */
    public double sustained(String image, SubmissionFiles files, PoolSettings pool, int clients, int total) {
        EngineConfig config = EngineConfig.defaults().withPool(image, pool);
        try (Engine engine = Engine.start(config)) {
            awaitFull(engine, image, pool.target());
            engine.run(new RunRequest("warm-up", image, 10, files, false)).join(); // JIT and JRuby, as in scenario
            awaitFull(engine, image, pool.target());
            return closedLoop(clients, total, i -> engine.run(new RunRequest("steady-" + i, image, 10, files, false)).join());
        }
    }

    /**
     * The same steady load over several Docker engines at once: the pool (of {@code pool.target()}
     * per engine) spread over {@code engines}, claims to the least loaded. Returns runs per second.
     *
     * @param engines engine addresses ({@code unix://}, {@code tcp://}, {@code context:}), the first
     *                where rules are checked
     */
    public double sustainedOnEngines(String image, SubmissionFiles files, PoolSettings pool, int clients, int total,
                                     List<String> engines, boolean allowInsecure) {
        EngineAddress.Environment env = EngineAddress.Environment.current();
        List<EngineSet.Endpoint> endpoints = engines.stream().map(uri -> EngineAddress.parse(uri, env, allowInsecure))
                .map(a -> new EngineSet.Endpoint(a.name(), a.uri(), a.connect())).toList();
        int target = pool.target() * engines.size();
        EngineConfig config = EngineConfig.defaults().withMaxConcurrentRuns(Math.max(clients, 2))
                .withPool(image, pool.target(target));
        try (Engine engine = Engine.start(config, endpoints)) {
            awaitFull(engine, image, target);
            engine.run(new RunRequest("warm-up", image, 10, files, false)).join();
            awaitFull(engine, image, target);
            return closedLoop(clients, total, i -> engine.run(new RunRequest("engines-" + i, image, 10, files, false)).join());
        }
    }

    /** The same steady load, one {@code docker run --rm} of the CLI per submission (what cyber-dojo does). */
    public double sustainedDockerRun(String image, SubmissionFiles files, int clients, int total) {
        List<String> command = dockerRunCommand(image, TarPacker.tar(files).length);
        byte[] tar = TarPacker.tar(files);
        return closedLoop(clients, total, i -> {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (var stdin = process.getOutputStream()) {
                    stdin.write(tar);
                }
                process.getInputStream().readAllBytes();
                process.waitFor();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static double closedLoop(int clients, int total, java.util.function.IntConsumer oneRun) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        oneRun.accept(i);
                    }
                }));
            }
            for (var f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a run of the steady load failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** Heap in use after {@code first} runs and after {@code total} runs, after a full GC each time. */
    public long[] heapGrowth(String image, int first, int total) {
        long[] heap = new long[2];
        EngineConfig config = EngineConfig.defaults().withPool(image, PoolSettings.withTarget(4));
        SubmissionFiles files = trivialSubmission();
        try (Engine engine = Engine.start(config)) {
            awaitFull(engine, image, 4);
            for (int i = 1; i <= total; i++) {
                engine.run(new RunRequest("heap-" + i, image, 10, files, false)).join();
                if (i == first) {
                    heap[0] = usedHeapAfterGc();
                    out.printf("  heap after %d runs: %.1f MB%n", first, heap[0] / 1e6);
                } else if (i % 100 == 0) {
                    out.printf("  ... %d runs%n", i);
                }
            }
            heap[1] = usedHeapAfterGc();
            out.printf("  heap after %d runs: %.1f MB%n", total, heap[1] / 1e6);
        }
        return heap;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void awaitFull(Engine engine, String image, int target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            PoolSnapshot pool = engine.snapshot().pool(image);
            if (pool != null && pool.ready() >= target && pool.retiring() == 0 && pool.starting() == 0 && pool.recycling() == 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the pool for " + image + " did not fill within 60 s: " + engine.snapshot().pool(image)
                + engine.snapshot().engines().stream().filter(e -> !e.up()).map(e -> "; engine " + e.name() + " does not answer: "
                + e.lastError()).collect(java.util.stream.Collectors.joining()));
    }
}
