package org.warmpool.engine.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.docker.ContainerGoneException;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ExecListener;
import org.warmpool.engine.docker.ExecResult;
import org.warmpool.engine.pool.Claim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The seed's run path: one {@code docker exec} as the sandbox user streams the tar into /sandbox
 * and runs {@code cyber-dojo.sh}; the deadline is the daemon's: {@code stop --time max_seconds},
 * armed as soon as the script has started, SIGKILLs the container even if this process dies
 * meanwhile (its pid1 ignores the SIGTERM). A second exec tars the sandbox out when files are asked
 * for ({@code docker cp} cannot read a tmpfs). The run's output reaches its {@link OutputListener}
 * as Docker delivers it.
 */
public final class ExecRunPath implements RunPath, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecRunPath.class);
    /** Seconds past max_seconds to wait for Docker before giving up on an exec ourselves. */
    private static final int SAFETY_SECONDS = 5;
    private static final int HARVEST_CAP = 8 * 1024 * 1024;

    private final ContainerRuntime docker;
    private final ExecutorService timers = Executors.newCachedThreadPool(DaemonThreads.named("warmpool-timer"));

    public ExecRunPath(ContainerRuntime docker) {
        this.docker = docker;
    }

    @Override
    public Execution execute(Claim claim, RunRequest request, Runnable started) {
        String id = claim.containerId();
        ContainerRuntime docker = claim.runtimeOr(this.docker); // the container's own engine
        CompletableFuture<Void> timer = new CompletableFuture<>();
        // Armed the moment the daemon has started the command, so that its own work does not
        // compete with setting the exec up.
        Runnable armTimer = () -> {
            started.run();
            timers.execute(() -> {
                try {
                    docker.stop(id, request.maxSeconds());
                } catch (RuntimeException e) {
                    log.debug("timer for {} ended: {}", id, e.getMessage());
                } finally {
                    timer.complete(null);
                }
            });
        };
        byte[] tar = TarPacker.tar(request.files());
        List<String> env = List.of(
                "CYBER_DOJO_IMAGE_NAME=" + request.image(),
                "CYBER_DOJO_ID=" + request.id(),
                "CYBER_DOJO_SANDBOX=" + Sandbox.DIR,
                "HOME=" + Sandbox.HOME);
        long execStart = System.nanoTime();
        ExecResult result = docker.exec(id, Sandbox.USER, env, command(tar.length), tar, Output.CAP_BYTES,
                Duration.ofSeconds(request.maxSeconds() + SAFETY_SECONDS), armTimer, streamed(request.output()));
        long ranMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - execStart);
        Integer exit = result.exitCode();
        boolean deadlinePassed = ranMillis >= request.maxSeconds() * 1000L - 100;
        boolean deadlineHit = deadlinePassed && (exit == null || exit >= 128 || timer.isDone());
        boolean execFailed = exit != null && (exit == 126 || exit == 127) && noShell(result);
        if (execFailed && !Autopsy.settled(docker, id, null).running()) {
            // the container died as the exec began: nothing of the submission ran, another container may serve it
            throw new ContainerGoneException("container " + id.substring(0, Math.min(12, id.length()))
                    + " died before its script started", null);
        }
        // a signal that was not the deadline's: the script's own doing, or a kill from outside?
        String fault = !deadlineHit && Autopsy.signalled(exit) ? Autopsy.of(docker, id, exit, -1, ranMillis) : "";
        Map<String, byte[]> files = request.filesBack() && !deadlineHit && exit != null && fault.isEmpty() ? sandboxFiles(docker, id) : Map.of();
        return new Execution(exit, result.stdout().bytes(), result.stdout().truncated(), result.stderr().bytes(),
                result.stderr().truncated(), ranMillis, deadlineHit, execFailed, files, false, fault);
    }

    /** The run's output as the exec delivers it, to whoever watches it stream. */
    private static ExecListener streamed(OutputListener listener) {
        if (listener == OutputListener.NONE) {
            return ExecListener.NONE;
        }
        return new ExecListener() {
            @Override
            public void stdout(byte[] chunk) {
                listener.stdout(chunk);
            }

            @Override
            public void stderr(byte[] chunk) {
                listener.stderr(chunk);
            }
        };
    }

    /** Docker itself reports a missing executable: the image lacks bash, so nothing of the submission ran. */
    private static boolean noShell(ExecResult result) {
        String said = new String(result.stdout().bytes(), StandardCharsets.UTF_8) + new String(result.stderr().bytes(), StandardCharsets.UTF_8);
        return said.contains("executable file not found") || said.contains("OCI runtime exec failed");
    }

    /**
     * Unpacks exactly {@code tarBytes} bytes of stdin into /sandbox and runs cyber-dojo.sh. The
     * byte count matters: Docker never delivers EOF on an exec's stdin, so tar must not wait for it.
     */
    public static List<String> command(int tarBytes) {
        return List.of("bash", "-c", "head -c " + tarBytes
                + " | tar -xf - -C /sandbox && cd /sandbox && exec bash ./cyber-dojo.sh </dev/null");
    }

    /** The files under /sandbox small enough to be returned, by path relative to it. */
    private static Map<String, byte[]> sandboxFiles(ContainerRuntime docker, String containerId) {
        ExecResult tarred = docker.exec(containerId, Sandbox.USER, List.of(), List.of("bash", "-c",
                        "cd /sandbox && find . -type f -size -" + (Output.CAP_BYTES * 4) + "c -print0 | tar -cf - --null -T - 2>/dev/null"
                                + " || tar -cf - . 2>/dev/null"),
                null, HARVEST_CAP, Duration.ofSeconds(10));
        return SandboxTar.files(tarred.stdout().bytes());
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
