package org.warmpool.engine.agent;

import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.DemoImages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.warmpool.engine.agent.AgentFrames.Frame;

/**
 * A container started the way the engine starts an agent container (docs/agent.md, "Starting a
 * container"): hardened, root with only SETUID, SETGID and KILL, the bootstrap as its command and
 * the agent binary written to its stdin. Driven through the {@code docker} CLI: its stdin and
 * stdout are the container's.
 */
final class AgentContainer implements AutoCloseable {
    /** This test JVM's containers: the owner label has the engine's host/pid/session form, so a
     * live engine elsewhere on the machine never takes them for orphans. */
    static final String OWNER = Labels.owner("agent-test-" + UUID.randomUUID().toString().substring(0, 8));
    static final String AGENT_RESOURCE = "/org/warmpool/engine/agent/warmpool-agent";
    private static final Frame EOF = new Frame("<EOF>", new byte[0], 0);

    private static byte[] binary;

    final String name;
    final String image;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream cliStderr = new ByteArrayOutputStream();
    final Frame hello;
    /** In recycle mode, the frame right after HELLO: READY, or BROKEN. */
    final Frame afterHello;

    static synchronized byte[] binary() {
        if (binary == null) {
            try (InputStream in = AgentContainer.class.getResourceAsStream(AGENT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(AGENT_RESOURCE + " is not on the class path: build runner-engine with Maven");
                }
                binary = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return binary;
    }

    /** The container's command, as docs/agent.md gives it. */
    static String bootstrap(int size, String mode) {
        return bootstrap(Integer.toString(size), mode);
    }

    static String bootstrap(String size, String mode) {
        return "umask 077 && mkdir -p /tmp/.warmpool && head -c " + size + " > /tmp/.warmpool/agent"
                + " && chmod 0500 /tmp/.warmpool/agent && exec /tmp/.warmpool/agent " + mode;
    }

    /** Leave the root filesystem writable (docker run without --read-only). */
    static final String WRITABLE_ROOT = "<writable-root>";

    static List<String> dockerRun(String name, String image, String command, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-i", "--rm", "--name", name,
                "--init", "--network", "none", "--user", "root",
                "--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "KILL",
                "--security-opt", "no-new-privileges"));
        if (!extra.contains(WRITABLE_ROOT)) {
            cmd.add("--read-only");
        }
        cmd.addAll(List.of(
                "--tmpfs", "/sandbox:rw,exec,nosuid,nodev,size=64m,mode=0755,uid=41966,gid=51966",
                "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=64m,mode=1777",
                "--pids-limit", "128", "--memory", "768m", "--memory-swap", "768m",
                "--ulimit", "core=0:0", "--ulimit", "data=4294967296:4294967296",
                "--ulimit", "fsize=268435456:268435456", "--ulimit", "locks=1024:1024",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                "--ulimit", "stack=16777216:16777216",
                "--log-driver", "none",
                "--label", Labels.PROJECT + "=1", "--label", Labels.OWNER + "=" + OWNER,
                "--label", Labels.ROLE + "=agent-test"));
        extra.stream().filter(a -> !a.equals(WRITABLE_ROOT)).forEach(cmd::add);
        cmd.addAll(List.of(image, "/bin/bash", "-c", command));
        return cmd;
    }

    static AgentContainer start(String image, String mode) {
        return start(image, mode, List.of());
    }

    static AgentContainer start(String image, String mode, List<String> extraDockerArgs) {
        return new AgentContainer(image, mode, extraDockerArgs, "", true);
    }

    /** Starts a container whose command runs {@code before} ahead of the bootstrap, and does not insist on HELLO. */
    static AgentContainer startAfter(String image, String mode, String before) {
        return new AgentContainer(image, mode, List.of(), before, false);
    }

    private AgentContainer(String image, String mode, List<String> extra, String before, boolean insistOnHello) {
        this.image = image;
        this.name = "warmpool-agent-test-" + UUID.randomUUID().toString().substring(0, 12);
        byte[] agent = binary();
        try {
            process = new ProcessBuilder(dockerRun(name, image, before + bootstrap(agent.length, mode), extra)).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                Frame f;
                while ((f = AgentFrames.read(in)) != null) {
                    frames.add(f);
                }
            } catch (IOException e) {
                frames.add(new Frame("<BROKEN-STREAM>", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8), System.nanoTime()));
            }
            frames.add(EOF);
        }, "agent-reader-" + name);
        reader.setDaemon(true);
        reader.start();
        Thread err = new Thread(() -> {
            try (InputStream in = process.getErrorStream()) {
                in.transferTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (cliStderr) {
                            cliStderr.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (cliStderr) {
                            cliStderr.write(b, off, len);
                        }
                    }
                });
            } catch (IOException ignored) {
                // the process ended
            }
        }, "agent-stderr-" + name);
        err.setDaemon(true);
        err.start();
        try {
            // Exactly the binary's bytes, then nothing until HELLO.
            stdin.write(agent);
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("could not write the agent to " + name + ": " + stderr(), e);
        }
        // A container start takes ≈ 0.2–1 s here; generous for a loaded machine.
        hello = next(Duration.ofSeconds(60));
        if (insistOnHello && !hello.word().equals("HELLO")) {
            throw new IllegalStateException("no HELLO from " + name + " but " + hello + "; docker said: " + stderr());
        }
        // recycle mode: READY (or BROKEN) follows HELLO at once, and a RUN waits for READY
        afterHello = mode.equals("recycle") && hello.word().equals("HELLO") ? next(Duration.ofSeconds(60)) : null;
    }

    String stderr() {
        synchronized (cliStderr) {
            return cliStderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** The next frame, or an {@code <EOF>} frame when the stream ended; fails after {@code wait}. */
    Frame next(Duration wait) {
        try {
            Frame f = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame from " + name + " within " + wait + "; docker said: " + stderr());
            }
            if (f == EOF) {
                frames.add(EOF); // stays at the end
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void send(byte[] bytes) {
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the agent answered to one RUN: every frame up to and including EXIT (or ERROR, or the end). */
    record Answer(List<Frame> frames, byte[] stdout, byte[] stderr, byte[] files, Map<String, String> exit,
                  long sentNanos, long firstOutNanos, long exitNanos) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        String status() {
            return exit.get("status");
        }

        long millisToExit() {
            return TimeUnit.NANOSECONDS.toMillis(exitNanos - sentNanos);
        }

        List<String> words() {
            return frames.stream().map(Frame::word).toList();
        }

        Frame last() {
            return frames.get(frames.size() - 1);
        }

        List<String> logs() {
            return frames.stream().filter(f -> f.word().equals("LOG")).map(Frame::text).toList();
        }

        @Override
        public String toString() {
            return "exit=" + exit + " stdout=" + abbreviate(out()) + " stderr=" + abbreviate(err()) + " words=" + words();
        }

        private static String abbreviate(String s) {
            return s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
        }
    }

    /** A RUN with the contract's environment and the given cyber-dojo.sh. */
    static AgentFrames.Run request(String image, String script, int maxSeconds) {
        return new AgentFrames.Run()
                .maxSeconds(maxSeconds)
                .env("CYBER_DOJO_IMAGE_NAME=" + image)
                .env("CYBER_DOJO_ID=agent-test-1")
                .env("CYBER_DOJO_SANDBOX=/sandbox")
                .env("HOME=/home/sandbox")
                .tar(TarPacker.tar(DemoImages.script(script)));
    }

    Answer run(String script, int maxSeconds) {
        return run(request(image, script, maxSeconds));
    }

    Answer run(AgentFrames.Run request) {
        long sent = System.nanoTime();
        send(request.toFrame());
        List<Frame> got = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] files = null;
        long firstOut = 0;
        for (;;) {
            // max_seconds is at most 20 here; the agent answers within it plus its kill and tar bounds
            Frame f = next(Duration.ofSeconds(90));
            got.add(f);
            switch (f.word()) {
                case "OUT" -> {
                    out.writeBytes(f.payload());
                    if (firstOut == 0) {
                        firstOut = f.arrivedNanos();
                    }
                }
                case "ERR" -> err.writeBytes(f.payload());
                case "FILES" -> files = f.payload();
                default -> {
                }
            }
            if (f.word().equals("EXIT") || f.word().equals("ERROR") || f.word().startsWith("<")) {
                return new Answer(got, out.toByteArray(), err.toByteArray(), files,
                        f.word().equals("EXIT") ? f.fields() : Map.of(), sent, firstOut, f.arrivedNanos());
            }
        }
    }

    /** Ends the container: stdin closed (the agent exits), then docker rm -f if it is still there. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ofThisJvm(List.of("--filter", "name=^" + name + "$")).isEmpty()) {
            docker("rm", "-f", name);
        }
        process.destroyForcibly();
    }

    /** Container ids with this JVM's owner label (and any further filters). */
    static List<String> ofThisJvm(List<String> filters) {
        List<String> cmd = new ArrayList<>(List.of("ps", "-aq", "--filter", "label=" + Labels.OWNER + "=" + OWNER));
        cmd.addAll(filters);
        String out = docker(cmd.toArray(String[]::new));
        return Arrays.stream(out.split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    static void removeAllOfThisJvm() {
        for (String id : ofThisJvm(List.of())) {
            docker("rm", "-f", id);
        }
    }

    static String docker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
