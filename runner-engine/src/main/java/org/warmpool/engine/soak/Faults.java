package org.warmpool.engine.soak;

import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Injects a soak's faults, one at a time, taking turns, and writes each one's window in the
 * {@link Timeline}. A fault that this machine cannot inject (the Docker daemon restarted by a
 * non-root user, a disk filled that is not a small tmpfs) is skipped and said so.
 */
final class Faults {
    /** An engine killed more often never runs long enough to compare its heap: a few times, in the first third of the runs. */
    static final int ENGINE_KILLS = 3;
    private static final long DISK_FULL_LIMIT = 512L * 1024 * 1024;

    private final SoakPlan plan;
    private final ServeProcess serve;
    private final SoakClients clients;
    private final ContainerRuntime docker;
    private final Timeline timeline;
    private final Random random = new Random(42);
    private final List<String> skipped = new ArrayList<>();
    private final IntSupplier finishedRuns;
    private final Set<SoakPlan.Fault> hadATurn = ConcurrentHashMap.newKeySet();
    private int engineKills;
    private long engineRestartedAtRun;

    Faults(SoakPlan plan, ServeProcess serve, SoakClients clients, ContainerRuntime docker, Timeline timeline) {
        this.plan = plan;
        this.serve = serve;
        this.clients = clients;
        this.docker = docker;
        this.timeline = timeline;
        this.finishedRuns = clients::finished;
    }

    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The run count at the engine's last restart (0 if it never was): its heap is compared from there. */
    long engineRestartedAtRun() {
        return engineRestartedAtRun;
    }

    /** Whether each of the plan's faults was injected at least once (or skipped, as this machine cannot). */
    boolean eachHadATurn() {
        return hadATurn.containsAll(plan.faults());
    }

    /** Injects the faults in turn until the clients are done. */
    void run(java.util.function.BooleanSupplier done) throws InterruptedException {
        List<SoakPlan.Fault> turns = new ArrayList<>(plan.faults());
        if (turns.remove(SoakPlan.Fault.KILL_ENGINE)) {
            turns.add(0, SoakPlan.Fault.KILL_ENGINE); // first: it may only come early (see killEngine)
        }
        if (turns.isEmpty()) {
            return;
        }
        for (int turn = 0; !done.getAsBoolean(); turn++) {
            Thread.sleep(plan.faultEvery().toMillis());
            if (done.getAsBoolean()) {
                return;
            }
            SoakPlan.Fault fault = turns.get(turn % turns.size());
            try {
                if (inject(fault)) {
                    hadATurn.add(fault);
                }
            } catch (IOException e) {
                skip(fault, e.getMessage());
                hadATurn.add(fault);
            }
        }
    }

    /** Injects one fault; false when it found nothing to act on (no running container) or was not due. */
    private boolean inject(SoakPlan.Fault fault) throws IOException, InterruptedException {
        long from = System.currentTimeMillis();
        String note = switch (fault) {
            case KILL_CONTAINER -> onAContainer(id -> docker.stop(id, 0), "killed");
            case REMOVE_CONTAINER -> onAContainer(docker::remove, "removed");
            case RESTART_DOCKER -> restartDocker();
            case KILL_ENGINE -> killEngine();
            case DISK_FULL -> fillDisk();
            case VANISH -> {
                clients.vanish();
                yield "a client vanished mid-run";
            }
        };
        if (note == null) {
            return false;
        }
        timeline.add(fault, from, System.currentTimeMillis(), note);
        return true;
    }

    private String onAContainer(java.util.function.Consumer<String> action, String what) {
        List<ManagedContainer> ours = docker.listManaged().stream()
                .filter(c -> c.running() && c.label(Labels.OWNER).contains("/" + serve.pid() + "/")).toList();
        if (ours.isEmpty()) {
            return null;
        }
        ManagedContainer victim = ours.get(random.nextInt(ours.size()));
        action.accept(victim.id());
        return what + " " + victim.id().substring(0, 12) + " (" + victim.image() + ")";
    }

    private String restartDocker() throws IOException, InterruptedException {
        if (!"0".equals(run("id", "-u").trim())) {
            throw new IOException("restarting the Docker daemon needs root");
        }
        run("pkill", "-KILL", "-x", "dockerd");
        Thread.sleep(2000);
        Path ensure = org.warmpool.engine.config.Assets.dir().resolve("ensure-docker.sh");
        run("bash", ensure.toString());
        return "dockerd killed with SIGKILL and started again";
    }

    private String killEngine() throws IOException, InterruptedException {
        if (engineKills >= ENGINE_KILLS || (engineKills > 0 && finishedRuns.getAsInt() > plan.runs() / 3)) {
            return null; // late kills would leave no stretch of runs to compare the heap over (the first comes anyway)
        }
        engineKills++;
        serve.kill();
        serve.restart(Duration.ofSeconds(180));
        engineRestartedAtRun = finishedRuns.getAsInt();
        clients.openIdle(plan.idleConnections());
        return "engine killed with SIGKILL and started again";
    }

    private String fillDisk() throws IOException, InterruptedException {
        Path dir = plan.journal().toAbsolutePath().getParent();
        FileStore store = Files.getFileStore(dir);
        if (!store.type().equals("tmpfs") || store.getTotalSpace() > DISK_FULL_LIMIT) {
            throw new IOException("the journal's file system is not a small tmpfs (" + store.type() + ", "
                    + store.getTotalSpace() / (1024 * 1024) + " MB): filling it would fill a real disk");
        }
        Path ballast = dir.resolve("ballast");
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full: hold it so a while, then give the space back
            Thread.sleep(5000);
        } finally {
            Files.deleteIfExists(ballast);
        }
        return "the journal's disk was full for 5 s";
    }

    private void skip(SoakPlan.Fault fault, String why) {
        String line = fault.wireName() + ": " + why;
        if (!skipped.contains(line)) {
            skipped.add(line);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 120 s");
        }
        return out;
    }
}
