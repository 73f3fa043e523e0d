package org.warmpool.engine.run;

import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerState;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.ExecResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a script that ended by a signal of its own making (its verdict is the rule's to colour)
 * from a run that something else ended: its container killed or removed from outside, or a process
 * of it killed by the kernel for memory. Only the first kind may be coloured; the others are
 * {@code faulty}, with the reason, because their output says nothing true about the code.
 *
 * <p>Asked only after a run that ended without an exit status or with one above 128 (a signal), and
 * never for the deadline's own kill, so the usual run pays nothing for it.
 */
final class Autopsy {
    /** cgroup v1, then v2: the kernel's count of processes it killed for memory in this container. */
    private static final List<String> OOM_COUNTERS = List.of("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events");
    private static final Pattern OOM_KILL = Pattern.compile("(?m)^oom_kill (\\d+)$");
    /** 128 + SIGKILL: what {@code docker kill}, the daemon's stop and the kernel's OOM killer all leave. */
    private static final int SIGKILLED = 137;
    /** How long the daemon may take to report a container dead after its processes were killed. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private Autopsy() {
    }

    /** Whether {@code exitCode} says a signal (or nothing) ended the run: only then is an autopsy worth its cost. */
    static boolean signalled(Integer exitCode) {
        return exitCode == null || exitCode > 128;
    }

    /**
     * Why the run in {@code containerId} died, when it was not the script's own doing; empty when
     * the container still runs and nothing was killed for memory.
     *
     * @param exitCode the run's exit status, {@code null} when none was seen
     * @param oomKills processes the kernel killed for memory during the run, when known (the
     *                 agent counts them); {@code -1} to read the container's own counter (a one-shot
     *                 container: whatever it counts happened during this run)
     * @throws org.warmpool.engine.docker.DockerUnavailableException when Docker cannot be asked
     */
    static String of(ContainerRuntime docker, String containerId, Integer exitCode, long oomKills, long ranMillis) {
        ContainerState state = settled(docker, containerId, exitCode);
        if (!state.exists()) {
            return "the container was removed from outside during the run (after " + ranMillis
                    + " ms), so its output says nothing about the code; send it again";
        }
        if (!state.running()) {
            if (state.oomKilled()) {
                return outOfMemory(1);
            }
            return "the container was killed from outside during the run (after " + ranMillis + " ms"
                    + (state.exitCode() == null ? "" : ", exit code " + state.exitCode())
                    + "), so its output says nothing about the code; send it again";
        }
        long killed = oomKills >= 0 ? oomKills : oomKillsIn(docker, containerId);
        if (killed < 0) {
            // it would not run one more command: dying after all? ask the daemon once more, later
            ContainerState later = settled(docker, containerId, null, SETTLE.multipliedBy(4));
            return later.running() ? "" : of(docker, containerId, SIGKILLED, 0, ranMillis);
        }
        return killed > 0 ? outOfMemory(killed) : "";
    }

    /**
     * The container's state once the daemon has caught up: a SIGKILL from outside ends the run's
     * process a moment before the daemon reports its container dead, so after a SIGKILL (or no
     * status at all) a container that still seems to run is asked again for a short while.
     */
    static ContainerState settled(ContainerRuntime docker, String containerId, Integer exitCode) {
        return settled(docker, containerId, exitCode, SETTLE);
    }

    private static ContainerState settled(ContainerRuntime docker, String containerId, Integer exitCode, Duration settle) {
        ContainerState state = docker.state(containerId);
        if (exitCode != null && exitCode != SIGKILLED) {
            return state;
        }
        long deadline = System.nanoTime() + settle.toNanos();
        while (state.running() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = docker.state(containerId);
        }
        return state;
    }

    static String outOfMemory(long killed) {
        return "out of memory: the kernel killed " + (killed == 1 ? "a process" : killed + " processes")
                + " of the run for using more memory than the pool allows (its memory_mb), so the run did not end by itself";
    }

    /** What the container's memory cgroup counts; -1 when no command could be run in it to read that. */
    private static long oomKillsIn(ContainerRuntime docker, String containerId) {
        ExecResult read;
        try {
            // bash only: images are assumed to have nothing else
            read = docker.exec(containerId, Sandbox.USER, List.of(), List.of("bash", "-c", "for f in " + String.join(" ", OOM_COUNTERS)
                    + "; do [ -r \"$f\" ] && while IFS= read -r l; do echo \"$l\"; done < \"$f\"; done; true"), null, 4096,
                    Duration.ofSeconds(5));
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return -1; // it died meanwhile, or has no room for one more process: nothing to read
        }
        Matcher m = OOM_KILL.matcher(new String(read.stdout().bytes(), StandardCharsets.UTF_8));
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}
