package org.warmpool.engine.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.agent.AgentExit;
import org.warmpool.engine.agent.AgentMode;
import org.warmpool.engine.agent.AgentSession;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.Sandbox;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.docker.ContainerGoneException;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.pool.Claim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The exec-less run path: the request goes to the container's agent as one RUN frame on the attach
 * stream it has held since warm-up, and its output, files and exit come back as frames — no
 * {@code docker exec}, no container start, no HTTP request at all for a recycled container.
 *
 * <p>The deadline: the agent enforces it itself (it runs as root; the sandbox user cannot signal
 * it). A one-shot container also keeps the seed's guarantee: the daemon's {@code stop --time
 * max_seconds} is armed when the run is dispatched, so the deadline holds even if the agent were
 * stopped. For a recycled container the daemon is the backstop instead: when no answer has come
 * {@value #BACKSTOP_SECONDS} s past the deadline, the engine has the daemon kill it.
 */
public final class AgentRunPath implements RunPath, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRunPath.class);
    static final int BACKSTOP_SECONDS = 5;

    private final ContainerRuntime docker;
    private final ExecutorService timers = Executors.newCachedThreadPool(DaemonThreads.named("warmpool-agent-timer"));

    public AgentRunPath(ContainerRuntime docker) {
        this.docker = docker;
    }

    @Override
    public Execution execute(Claim claim, RunRequest request, Runnable started) {
        AgentSession session = claim.session();
        String id = claim.containerId();
        ContainerRuntime docker = claim.runtimeOr(this.docker); // the container's own engine
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CYBER_DOJO_IMAGE_NAME", request.image());
        env.put("CYBER_DOJO_ID", request.id());
        env.put("CYBER_DOJO_SANDBOX", Sandbox.DIR);
        env.put("HOME", Sandbox.HOME);
        AgentSession.Request order = new AgentSession.Request(request.maxSeconds(), request.filesBack(), Output.CAP_BYTES, env,
                TarPacker.tar(request.files()));
        long start = System.nanoTime();
        OutputListener listener = request.output();
        CompletableFuture<AgentSession.Reply> answer = session.run(order, new AgentSession.Output() {
            @Override
            public void stdout(byte[] chunk) {
                listener.stdout(chunk);
            }

            @Override
            public void stderr(byte[] chunk) {
                listener.stderr(chunk);
            }
        });
        if (answer.isCompletedExceptionally()) {
            // the container was gone before anything of the run reached it: another may serve it
            throw new ContainerGoneException("container " + shortId(id) + " was gone before its run: " + failure(answer), null);
        }
        started.run();
        boolean oneshot = session.mode() == AgentMode.ONESHOT;
        if (oneshot) {
            timers.execute(() -> stop(docker, id, request.maxSeconds()));
        }
        AgentSession.Reply reply;
        try {
            reply = answer.get(request.maxSeconds() + BACKSTOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("the agent in {} gave no answer {} s past the deadline; the daemon kills it", shortId(id), BACKSTOP_SECONDS);
            stop(docker, id, 0);
            return died(docker, start, request, true, "");
        } catch (ExecutionException e) {
            // the container died under the run: the daemon's deadline, or something from outside
            return died(docker, start, request, false, id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return died(docker, start, request, false, "");
        }
        AgentExit exit = reply.exit();
        // docs/security.md: a container is reused only after a run that ended in its script, cleanly
        boolean clean = !exit.timedOut() && exit.pidsLimitHits() == 0 && exit.oomKills() == 0
                && !"agent".equals(exit.stage()) && !"untar".equals(exit.stage());
        Map<String, byte[]> files = reply.files() == null ? Map.of() : SandboxTar.files(reply.files());
        // the agent counts the kernel's memory kills itself: a run with one did not end by itself
        String fault = !exit.timedOut() && exit.oomKills() > 0 ? Autopsy.outOfMemory(exit.oomKills()) : "";
        return new Execution(exit.status(), reply.stdout(), exit.stdoutBytes() > reply.stdout().length, reply.stderr(),
                exit.stderrBytes() > reply.stderr().length, exit.ranMillis(), exit.timedOut(), "exec".equals(exit.stage()),
                fault.isEmpty() ? files : Map.of(), clean, fault);
    }

    /**
     * The container died during the run; past the deadline that is the deadline's kill, otherwise
     * the daemon is asked what happened to {@code containerId} (when given).
     */
    private static Execution died(ContainerRuntime docker, long start, RunRequest request, boolean deadline, String containerId) {
        long ran = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        boolean deadlinePassed = deadline || ran >= request.maxSeconds() * 1000L - 100;
        String fault = deadlinePassed ? "" : containerId.isEmpty() ? "the run was interrupted: Warmpool is shutting down"
                : Autopsy.of(docker, containerId, null, 0, ran);
        if (!deadlinePassed && fault.isEmpty()) {
            fault = "the container's agent stopped answering during the run (after " + ran + " ms); send it again";
        }
        return new Execution(null, new byte[0], false, new byte[0], false, ran, deadlinePassed, false, Map.of(), false, fault);
    }

    private static void stop(ContainerRuntime docker, String id, int seconds) {
        try {
            docker.stop(id, seconds);
        } catch (RuntimeException e) {
            log.debug("stopping {} ended: {}", shortId(id), e.getMessage());
        }
    }

    private static String failure(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "";
        } catch (RuntimeException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
