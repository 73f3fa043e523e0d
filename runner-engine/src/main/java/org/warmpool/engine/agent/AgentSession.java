package org.warmpool.engine.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.docker.AttachListener;
import org.warmpool.engine.docker.AttachedContainer;
import org.warmpool.engine.docker.ContainerGoneException;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's side of one warm container's agent (docs/agent.md): it starts the container with
 * the bootstrap as its main process, hands it the agent, waits for HELLO, then sends RUN frames and
 * turns the frames that come back into a {@link Reply}, passing output on as it arrives. In recycle
 * mode it also learns, after each run, whether the container was wiped clean (READY) or must go
 * (BROKEN).
 */
public final class AgentSession implements AttachListener {
    /** What the agent needs besides a root user: switching to the sandbox user, and killing its processes. */
    public static final Set<String> CAPABILITIES = Set.of("SETUID", "SETGID", "KILL");
    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);
    private static final int DIAGNOSTICS = 4096;

    /** Output as it arrives, in order, on the attach stream's thread. */
    public interface Output {
        void stdout(byte[] chunk);

        void stderr(byte[] chunk);

        Output NONE = new Output() {
            @Override
            public void stdout(byte[] chunk) {
            }

            @Override
            public void stderr(byte[] chunk) {
            }
        };
    }

    /**
     * One run for the agent.
     *
     * @param outputCap bytes of each stream forwarded; the rest is counted, not sent
     */
    public record Request(int maxSeconds, boolean filesBack, int outputCap, Map<String, String> env, byte[] tar) {
    }

    /**
     * What came back.
     *
     * @param files the tar of /sandbox after the run, or {@code null} when none was asked for (or made)
     */
    public record Reply(AgentExit exit, byte[] stdout, byte[] stderr, byte[] files) {
    }

    private final AgentMode mode;
    private final FrameDecoder decoder = new FrameDecoder();
    private final CompletableFuture<Map<String, String>> hello = new CompletableFuture<>();
    private final StringBuilder diagnostics = new StringBuilder();
    private final Object lock = new Object();
    private AttachedContainer container;
    private Running current;
    private CompletableFuture<Boolean> recycled = CompletableFuture.completedFuture(true);
    private String trouble;
    private volatile String broken = "";

    private AgentSession(AgentMode mode) {
        this.mode = mode;
        if (mode == AgentMode.RECYCLE) {
            recycled = new CompletableFuture<>(); // a recycling agent wipes once before its first run
        }
    }

    /**
     * Starts a container for {@code spec} with the agent as its main process and waits for it to say
     * hello.
     *
     * @throws AgentStartException when the image cannot host the agent (no bash, no head, ...), with
     *                             what the container said; its container is removed
     */
    public static AgentSession start(ContainerRuntime docker, ContainerSpec spec, AgentMode mode, Duration helloWait) {
        AgentSession session = new AgentSession(mode);
        AttachedContainer container = docker.createAttachedAndStart(spec.withMain(AgentBinary.bootstrap(mode), CAPABILITIES), session);
        synchronized (session.lock) {
            session.container = container;
        }
        try {
            container.write(AgentBinary.bytes());
            session.hello.get(helloWait.toMillis(), TimeUnit.MILLISECONDS);
            if (!session.recycled().get(helloWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ExecutionException("its first wipe could not be verified: " + session.brokenReason(), null);
            }
            return session;
        } catch (IOException | ExecutionException | TimeoutException e) {
            String said = session.diagnostics();
            container.close();
            docker.remove(container.id());
            throw new AgentStartException("the image cannot host Warmpool's agent" + lacking(said)
                    + (said.isBlank() ? (e instanceof TimeoutException ? ": it did not answer within " + helloWait.toSeconds() + " s"
                    : ": " + rootMessage(e)) : ": " + said.strip()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            container.close();
            docker.remove(container.id());
            throw new AgentStartException("interrupted while starting the agent", e);
        }
    }

    public String containerId() {
        return container.id();
    }

    public AgentMode mode() {
        return mode;
    }

    /**
     * Sends a run; the reply completes when the agent's EXIT arrives (after any FILES). It fails with
     * {@link ContainerGoneException} when the container died or the agent broke the protocol.
     */
    public CompletableFuture<Reply> run(Request request, Output output) {
        Running running = new Running(output, request.outputCap());
        synchronized (lock) {
            if (trouble != null) {
                return CompletableFuture.failedFuture(new ContainerGoneException(trouble, null));
            }
            if (current != null) {
                throw new IllegalStateException("a run is already under way in " + container.id());
            }
            current = running;
            if (mode == AgentMode.RECYCLE) {
                recycled = new CompletableFuture<>();
            }
        }
        try {
            container.write(new AgentFrame("RUN", payload(request)).encode());
        } catch (IOException e) {
            fail("the container's attach stream is gone: " + e.getMessage());
        }
        return running.reply;
    }

    /**
     * After a run in recycle mode: true once the agent has wiped and verified the container (it may
     * serve again), false when it could not (it must be replaced). Always true in one-shot mode.
     */
    public CompletableFuture<Boolean> recycled() {
        synchronized (lock) {
            return recycled;
        }
    }

    /** Why the agent last said it could not wipe the container; empty when it never did. */
    public String brokenReason() {
        return broken;
    }

    /** What the container printed outside frames (the bootstrap's or the agent's own complaints), last 4 KB. */
    public String diagnostics() {
        synchronized (diagnostics) {
            return diagnostics.toString();
        }
    }

    /** Ends the attach session; the container is removed by its owner. */
    public void close() {
        fail("the session was closed");
        container.close();
    }

    // ------------------------------------------------------------------ from the attach stream

    @Override
    public void stdout(byte[] chunk) {
        java.util.List<AgentFrame> frames;
        try {
            frames = decoder.feed(chunk);
        } catch (AgentProtocolException e) {
            fail("the agent broke its protocol: " + e.getMessage());
            return;
        }
        frames.forEach(this::received);
    }

    @Override
    public void stderr(byte[] chunk) {
        synchronized (diagnostics) {
            diagnostics.append(new String(chunk, StandardCharsets.UTF_8));
            if (diagnostics.length() > DIAGNOSTICS) {
                diagnostics.delete(0, diagnostics.length() - DIAGNOSTICS);
            }
        }
    }

    @Override
    public void ended(Throwable cause) {
        fail("the container's main process ended" + (cause == null ? "" : " (" + cause.getMessage() + ")"));
    }

    private void received(AgentFrame frame) {
        Running running;
        synchronized (lock) {
            running = current;
        }
        switch (frame.word()) {
            case "HELLO" -> hello.complete(frame.fields());
            case "OUT" -> {
                if (running != null) {
                    running.stdout(frame.payload());
                }
            }
            case "ERR" -> {
                if (running != null) {
                    running.stderr(frame.payload());
                }
            }
            case "FILES" -> {
                if (running != null) {
                    running.files = frame.payload();
                }
            }
            case "EXIT" -> {
                synchronized (lock) {
                    current = null;
                }
                if (running != null) {
                    running.reply.complete(new Reply(AgentExit.parse(frame.fields()), running.out.toByteArray(),
                            running.err.toByteArray(), running.files));
                }
            }
            case "READY" -> recycledAs(true, null);
            case "BROKEN" -> recycledAs(false, frame.text());
            case "LOG" -> log.info("agent in {}: {}", shortId(), frame.text().strip());
            case "ERROR" -> fail("the agent refused a request: " + frame.text().strip());
            default -> log.debug("agent in {} sent an unknown frame {}", shortId(), frame.word());
        }
    }

    private void recycledAs(boolean clean, String why) {
        CompletableFuture<Boolean> wiped;
        synchronized (lock) {
            wiped = recycled;
        }
        if (!clean) {
            broken = why == null ? "" : why.strip();
            log.info("container {} could not be wiped clean: {}", shortId(), broken);
        }
        wiped.complete(clean);
    }

    private void fail(String why) {
        Running running;
        CompletableFuture<Boolean> wiped;
        synchronized (lock) {
            if (trouble == null) {
                trouble = why;
            }
            running = current;
            current = null;
            wiped = recycled;
        }
        hello.completeExceptionally(new ContainerGoneException(why, null));
        if (running != null) {
            running.reply.completeExceptionally(new ContainerGoneException(why, null));
        }
        wiped.complete(false);
    }

    private String shortId() {
        AttachedContainer c = container;
        return c == null ? "?" : c.id().substring(0, Math.min(12, c.id().length()));
    }

    /** The RUN payload: fields as {@code name length\n value}. */
    static byte[] payload(Request request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.tar().length + 512);
        field(out, "max_seconds", Integer.toString(request.maxSeconds()).getBytes(StandardCharsets.US_ASCII));
        field(out, "files_back", (request.filesBack() ? "1" : "0").getBytes(StandardCharsets.US_ASCII));
        field(out, "output_cap", Integer.toString(request.outputCap()).getBytes(StandardCharsets.US_ASCII));
        request.env().forEach((name, value) -> field(out, "env", (name + "=" + value).getBytes(StandardCharsets.UTF_8)));
        field(out, "tar", request.tar());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String name, byte[] value) {
        out.writeBytes((name + " " + value.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
    }

    /** What the bootstrap's complaint says the image lacks, in the cyber-dojo contract's words. */
    private static String lacking(String said) {
        if (said.contains("/bin/bash") && (said.contains("No such file") || said.contains("not found"))) {
            return ": it has no bash (images must provide bash, tar and coreutils)";
        }
        if (said.contains("head") && said.contains("not found")) {
            return ": it has no head (images must provide bash, tar and coreutils)";
        }
        return "";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /** One run's output so far. */
    private static final class Running {
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        final Output output;
        final int cap;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] files;

        Running(Output output, int cap) {
            this.output = output;
            this.cap = cap;
        }

        void stdout(byte[] chunk) {
            if (out.size() < cap) {
                out.write(chunk, 0, Math.min(chunk.length, cap - out.size()));
            }
            output.stdout(chunk);
        }

        void stderr(byte[] chunk) {
            if (err.size() < cap) {
                err.write(chunk, 0, Math.min(chunk.length, cap - err.size()));
            }
            output.stderr(chunk);
        }
    }
}
