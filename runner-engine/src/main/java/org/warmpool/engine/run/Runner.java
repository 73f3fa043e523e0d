package org.warmpool.engine.run;

import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Outcome;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.colour.Verdict;
import org.warmpool.engine.docker.ContainerGoneException;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.ExecResult;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.events.EventBus;
import org.warmpool.engine.api.RunSummary;
import org.warmpool.engine.pool.Claim;
import org.warmpool.engine.pool.PoolManager;
import org.warmpool.engine.api.RunRejectedException.Reason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The run path: claim a container, start the daemon-side timer, pipe the files in and run
 * {@code cyber-dojo.sh} as the sandbox user, harvest, colour, retire.
 */
public final class Runner implements AutoCloseable {
    /** cyber-dojo returns at most this many created files. */
    public static final int MAX_CREATED_FILES = 16;
    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    private static final Duration PREPARATION_WAIT = Duration.ofSeconds(60);
    /** Seconds past max_seconds to wait for Docker before giving up on an exec ourselves. */
    private static final int SAFETY_SECONDS = 5;
    private static final int HARVEST_CAP = 8 * 1024 * 1024;

    private final ContainerRuntime docker;
    private final PoolManager pools;
    private final EventBus bus;
    private final Clock clock;
    private final ExecutorService timers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "warmpool-timer");
        t.setDaemon(true);
        return t;
    });

    public Runner(ContainerRuntime docker, PoolManager pools, EventBus bus, Clock clock) {
        this.docker = docker;
        this.pools = pools;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Runs one submission on the calling thread.
     *
     * @param submittedNanos {@link System#nanoTime()} when the submission arrived (for the queued time)
     * @throws RunRejectedException when it could not run at all (unknown image, Docker down, shutting down)
     */
    public RunResult run(RunRequest request, long submittedNanos) {
        return run(request, submittedNanos, 1);
    }

    private RunResult run(RunRequest request, long submittedNanos, int attempt) {
        long start = System.nanoTime();
        Claim claim;
        try {
            claim = pools.claim(request.image(), PREPARATION_WAIT);
        } catch (RunRejectedException e) {
            if (e.reason() != Reason.POOL_FAULTY) {
                throw e;
            }
            return finish(request, null, Outcome.FAULTY, "", null, e.getMessage(), Map.of(), Map.of(),
                    submittedNanos, start, System.nanoTime(), System.nanoTime(), System.nanoTime());
        }
        long claimed = System.nanoTime();
        try {
            return runIn(claim, request, submittedNanos, start, claimed);
        } catch (ContainerGoneException e) {
            pools.release(claim, "died before its run", null, 0);
            if (attempt > 1) {
                throw new RunRejectedException(Reason.INTERNAL, "two containers in a row died before the run could start: "
                        + e.getMessage(), e);
            }
            log.info("container {} was gone at claim; retrying on another", claim.containerId());
            return run(request, submittedNanos, attempt + 1);
        } catch (DockerUnavailableException e) {
            pools.release(claim, "Docker went away", null, 0);
            pools.markDown(e.getMessage());
            throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, e.getMessage(), e);
        } catch (RuntimeException e) {
            pools.release(claim, "engine error", null, 0);
            throw new RunRejectedException(Reason.INTERNAL, "the run failed inside Warmpool: " + e, e);
        }
    }

    private RunResult runIn(Claim claim, RunRequest request, long submittedNanos, long start, long claimed) {
        String id = claim.containerId();
        // The daemon enforces the deadline: SIGTERM is ignored, SIGKILL follows max_seconds later,
        // even if this process dies now. It is armed the moment the daemon has started the command,
        // so that its own work does not compete with setting the exec up.
        CompletableFuture<Void> timer = new CompletableFuture<>();
        Runnable armTimer = () -> timers.execute(() -> {
            try {
                docker.stop(id, request.maxSeconds());
            } catch (RuntimeException e) {
                log.debug("timer for {} ended: {}", id, e.getMessage());
            } finally {
                timer.complete(null);
            }
        });
        byte[] tar = TarPacker.tar(request.files());
        List<String> env = List.of(
                "CYBER_DOJO_IMAGE_NAME=" + request.image(),
                "CYBER_DOJO_ID=" + request.id(),
                "CYBER_DOJO_SANDBOX=" + Sandbox.DIR,
                "HOME=/home/sandbox");
        pools.running(claim);
        long execStart = System.nanoTime();
        ExecResult result = docker.exec(id, Sandbox.USER, env, command(tar.length), tar, Output.CAP_BYTES,
                Duration.ofSeconds(request.maxSeconds() + SAFETY_SECONDS), armTimer);
        long execEnd = System.nanoTime();
        long ranMillis = TimeUnit.NANOSECONDS.toMillis(execEnd - execStart);
        boolean deadlinePassed = ranMillis >= request.maxSeconds() * 1000L - 100;
        Integer exit = result.exitCode();
        boolean timedOut = deadlinePassed && (exit == null || exit >= 128 || timer.isDone());

        Map<String, Output> created = Map.of();
        Map<String, Output> changed = Map.of();
        Outcome outcome;
        String log = "";
        if (timedOut) {
            outcome = Outcome.TIMED_OUT;
            log = "cyber-dojo.sh did not finish within max_seconds=" + request.maxSeconds() + "; its container was killed";
        } else if (exit == null) {
            outcome = Outcome.FAULTY;
            log = "the container died during the run (killed from outside, or out of memory) after " + ranMillis + " ms";
        } else if ((exit == 126 || exit == 127) && noShell(result)) {
            outcome = Outcome.FAULTY;
            log = "the image could not run cyber-dojo.sh: it has no bash (images must provide bash and tar): "
                    + Output.fromBytes(result.stdout().bytes(), false).content()
                    + Output.fromBytes(result.stderr().bytes(), false).content();
        } else {
            if (request.filesBack()) {
                Map<String, Output>[] files = harvestFiles(id, request);
                created = files[0];
                changed = files[1];
            }
            outcome = null;
        }
        long colourStart = System.nanoTime();
        Output stdout = Output.fromBytes(result.stdout().bytes(), result.stdout().truncated());
        Output stderr = Output.fromBytes(result.stderr().bytes(), result.stderr().truncated());
        if (outcome == null) {
            Verdict verdict = claim.light().judge(stdout.content(), stderr.content(), exit);
            if (verdict.isFaulty()) {
                outcome = Outcome.FAULTY;
                log = verdict.fault();
            } else {
                outcome = Outcome.of(verdict.colour());
            }
        }
        long colourEnd = System.nanoTime();
        String status = exit == null || timedOut ? "" : Integer.toString(exit); // a killed run never finished
        RunResult runResult = finish(request, claim, outcome, status, new Output[]{stdout, stderr}, log, created, changed,
                submittedNanos, start, claimed, execEnd, colourEnd);
        // After the result is built: the container is removed off the critical path.
        pools.release(claim, timedOut ? "timed out" : "served " + request.id(), outcome, runResult.timings().total());
        return runResult;
    }

    /**
     * Unpacks exactly {@code tarBytes} bytes of stdin into /sandbox and runs cyber-dojo.sh. The
     * byte count matters: Docker never delivers EOF on an exec's stdin, so tar must not wait for it.
     */
    public static List<String> command(int tarBytes) {
        return List.of("bash", "-c", "head -c " + tarBytes
                + " | tar -xf - -C /sandbox && cd /sandbox && exec bash ./cyber-dojo.sh </dev/null");
    }

    private RunResult finish(RunRequest request, Claim claim, Outcome outcome, String status, Output[] streams, String log,
                             Map<String, Output> created, Map<String, Output> changed,
                             long submitted, long start, long claimed, long execEnd, long colourEnd) {
        Timings timings = new Timings(millis(start - submitted), millis(claimed - start), millis(execEnd - claimed),
                millis(colourEnd - execEnd), millis(colourEnd - submitted));
        Output stdout = streams == null ? Output.EMPTY : streams[0];
        Output stderr = streams == null ? Output.EMPTY : streams[1];
        boolean warm = claim != null && claim.warm();
        String containerId = claim == null ? "" : claim.containerId();
        RunResult result = new RunResult(request.id(), request.image(), outcome, status, stdout, stderr, created, changed,
                Output.of(log), timings, warm, containerId);
        bus.publish(new EngineEvent.RunFinished(clock.instant(), new RunSummary(request.id(), request.image(),
                outcome, warm, containerId, timings.queued(), timings.claim(), timings.exec(), timings.colour(),
                timings.total())));
        return result;
    }

    /** Text files under /sandbox that the run created or changed, as the cyber-dojo runner returns them. */
    @SuppressWarnings("unchecked")
    private Map<String, Output>[] harvestFiles(String containerId, RunRequest request) {
        Map<String, Output> created = new TreeMap<>();
        Map<String, Output> changed = new TreeMap<>();
        ExecResult tarred = docker.exec(containerId, Sandbox.USER, List.of(), List.of("bash", "-c",
                        "cd /sandbox && find . -type f -size -" + (Output.CAP_BYTES * 4) + "c -print0 | tar -cf - --null -T - 2>/dev/null"
                                + " || tar -cf - . 2>/dev/null"),
                null, HARVEST_CAP, Duration.ofSeconds(10));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tarred.stdout().bytes()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                byte[] content = in.readAllBytes();
                if (!isText(content)) {
                    continue;
                }
                byte[] sent = request.files().asMap().get(name);
                if (sent == null) {
                    if (created.size() < MAX_CREATED_FILES) {
                        created.put(name, Output.fromBytes(content, false));
                    }
                } else if (!Arrays.equals(sent, content)) {
                    changed.put(name, Output.fromBytes(content, false));
                }
            }
        } catch (IOException e) {
            log.debug("harvesting files from {} stopped: {}", containerId, e.getMessage());
        }
        return new Map[]{created, changed};
    }

    /** Docker itself reports a missing executable: the image lacks bash, so nothing of the submission ran. */
    private static boolean noShell(ExecResult result) {
        String said = new String(result.stdout().bytes(), java.nio.charset.StandardCharsets.UTF_8)
                + new String(result.stderr().bytes(), java.nio.charset.StandardCharsets.UTF_8);
        return said.contains("executable file not found") || said.contains("OCI runtime exec failed");
    }

    /** The cyber-dojo rule, near enough: a file is text unless it holds a NUL byte; 0- and 1-byte files are text. */
    static boolean isText(byte[] content) {
        if (content.length <= 1) {
            return true;
        }
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
