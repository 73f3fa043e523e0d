package org.warmpool.engine.docker;

import org.warmpool.engine.api.LocalImage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Docker engine in memory, for unit tests of the pools' bookkeeping: containers are entries in a
 * map, events are delivered as Docker delivers them (die, then destroy), and a test can kill or
 * remove containers from outside, make starts fail or wait, and take the daemon away and bring it
 * back. Nothing runs: an exec answers what {@link #onExec} says. The real Docker path is proven by
 * the tests against the real daemon; this one proves the logic around it, in milliseconds.
 */
public final class InMemoryRuntime implements ContainerRuntime {

    /** What an exec answers; by default exit 0 and {@code ok}. */
    @FunctionalInterface
    public interface ExecAnswer {
        ExecResult answer(String containerId, List<String> command, byte[] stdin);
    }

    private record Subscription(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
    }

    private static final class Box {
        final String id;
        final String image;
        final Map<String, String> labels;
        final long created;
        boolean running = true;

        Box(String id, String image, Map<String, String> labels, long created) {
            this.id = id;
            this.image = image;
            this.labels = labels;
            this.created = created;
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, byte[]>> images = new LinkedHashMap<>();
    private final Map<String, Box> containers = new LinkedHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();
    private volatile boolean down;
    private volatile int failingStarts;
    private volatile boolean startsUnavailable;
    private volatile Semaphore startGate;
    private volatile DaemonInfo info;
    private volatile ExecAnswer onExec = (id, command, stdin) -> result(0, "ok\n", "");

    public InMemoryRuntime() {
        this(Clock.systemUTC());
    }

    public InMemoryRuntime(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- what a test sets up

    /** An image Docker holds, with the files a probe can read from it (e.g. its traffic-light rule). */
    public synchronized InMemoryRuntime withImage(String image, Map<String, String> files) {
        Map<String, byte[]> bytes = new HashMap<>();
        files.forEach((path, content) -> bytes.put(path, content.getBytes(StandardCharsets.UTF_8)));
        images.put(image, bytes);
        return this;
    }

    /** The next {@code n} starts fail as Docker fails for an image that will not start. */
    /** What {@code docker info} answers (by default this machine's cores and the JVM's memory). */
    public InMemoryRuntime withInfo(int cores, long memoryBytes) {
        info = new DaemonInfo("in-memory", cores, memoryBytes, "in-memory");
        return this;
    }

    @Override
    public DaemonInfo info() {
        check();
        return info != null ? info : ContainerRuntime.super.info();
    }

    public void failNextStarts(int n) {
        failingStarts = n;
    }

    /** Starts fail as when Docker is gone, while it answers pings (a daemon half there), until told otherwise. */
    public void startsUnavailable(boolean unavailable) {
        startsUnavailable = unavailable;
    }

    /** Starts wait for a permit from {@link #letStart} until {@link #stopHoldingStarts}. */
    public void holdStarts() {
        startGate = new Semaphore(0);
    }

    public void letStart(int n) {
        Semaphore gate = startGate;
        if (gate != null) {
            gate.release(n);
        }
    }

    public void stopHoldingStarts() {
        Semaphore gate = startGate;
        startGate = null;
        if (gate != null) {
            gate.release(10_000);
        }
    }

    public void onExec(ExecAnswer answer) {
        onExec = answer;
    }

    /** A container another engine (or an earlier one) left, with its labels, created {@code age} ago. */
    public synchronized String leftBehind(String image, Map<String, String> labels, Duration age) {
        String id = "left" + ids.incrementAndGet();
        containers.put(id, new Box(id, image, Map.copyOf(labels), clock.instant().minus(age).getEpochSecond()));
        return id;
    }

    /** A container of the given labels created {@code age} ago that does not run: one being started, or one dead with its daemon. */
    public synchronized String notRunning(String image, Map<String, String> labels, Duration age) {
        String id = leftBehind(image, labels, age);
        containers.get(id).running = false;
        return id;
    }

    // ---------------------------------------------------------------- what a test does to it

    /** {@code docker kill}: the container dies with 137; Docker says so on its event stream. */
    public void kill(String id) {
        boolean wasRunning;
        synchronized (this) {
            Box box = containers.get(id);
            wasRunning = box != null && box.running;
            if (wasRunning) {
                box.running = false;
                notifyAll();
            }
        }
        if (wasRunning) {
            emit(new ContainerEvent(id, "die", "137"));
            endAgent(id);
        }
    }

    private void endAgent(String id) {
        PlayedAgent agent;
        synchronized (this) {
            agent = agents.remove(id);
        }
        if (agent != null) {
            agent.end();
        }
    }

    /** {@code docker rm -f} from outside. */
    public void removeFromOutside(String id) {
        remove(id);
    }

    /** A container vanishes and Docker's event stream misses it (only a reconcile can find out). */
    public synchronized void vanishSilently(String id) {
        containers.remove(id);
        notifyAll();
    }

    /** The daemon stops answering: every call fails, event streams end. */
    public void goDown() {
        down = true;
        for (Subscription s : subscriptions) {
            subscriptions.remove(s);
            s.onEnd().accept(new IOException("connection reset by peer"));
        }
    }

    public void comeBack() {
        down = false;
    }

    // ---------------------------------------------------------------- what a test reads

    public synchronized List<String> running() {
        return containers.values().stream().filter(b -> b.running).map(b -> b.id).toList();
    }

    /** Whether the container is there (running or not). */
    public synchronized boolean exists(String id) {
        return containers.containsKey(id);
    }

    public synchronized int count() {
        return containers.size();
    }

    public synchronized Map<String, String> labelsOf(String id) {
        Box box = containers.get(id);
        return box == null ? Map.of() : box.labels;
    }

    /** Containers created and started so far. */
    public int starts() {
        return starts.get();
    }

    // ---------------------------------------------------------------- ContainerRuntime

    private void check() {
        if (down) {
            throw new DockerUnavailableException("Docker is not answering at unix:///in-memory.sock (Connection refused)."
                    + " Is the daemon running? Try: ./warmpool doctor", null);
        }
    }

    @Override
    public String ping() {
        check();
        return "in-memory";
    }

    @Override
    public synchronized boolean imageExists(String image) {
        check();
        return images.containsKey(image);
    }

    @Override
    public synchronized List<LocalImage> images() {
        check();
        List<LocalImage> all = new ArrayList<>();
        images.keySet().forEach(name -> all.add(new LocalImage("sha256:" + name.hashCode(), List.of(name + ":latest"), 1, 0)));
        return all;
    }

    @Override
    public synchronized Map<String, byte[]> readFiles(String image, List<String> paths, int maxBytesEach, Map<String, String> labels) {
        check();
        Map<String, byte[]> files = images.get(image);
        if (files == null) {
            throw new IllegalArgumentException("No such image: " + image);
        }
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String path : paths) {
            if (files.containsKey(path)) {
                found.put(path, files.get(path));
            }
        }
        return found;
    }

    @Override
    public String createAndStart(ContainerSpec spec) {
        check();
        if (startsUnavailable) {
            throw new DockerUnavailableException("Docker is not answering at unix:///in-memory.sock (Broken pipe).", null);
        }
        Semaphore gate = startGate;
        if (gate != null) {
            try {
                if (!gate.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held start was never let go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            check();
        }
        synchronized (this) {
            if (!images.containsKey(spec.image())) {
                throw new IllegalArgumentException("No such image: " + spec.image());
            }
            if (failingStarts > 0) {
                failingStarts--;
                throw new IllegalStateException("OCI runtime create failed: the test said so");
            }
            String id = "c" + ids.incrementAndGet();
            containers.put(id, new Box(id, spec.image(), spec.labels(), clock.instant().getEpochSecond()));
            starts.incrementAndGet();
            return id;
        }
    }

    /**
     * A container whose "agent" is played in Java: it answers HELLO once it has received the
     * bootstrap's binary, READY at once in recycle mode, and each RUN with what {@link #onExec}
     * says (OUT, ERR, EXIT), then READY again when recycling. Killing or removing the container
     * ends its attach stream, as Docker does.
     */
    @Override
    public AttachedContainer createAttachedAndStart(ContainerSpec spec, AttachListener listener) {
        String id = createAndStart(spec);
        String bootstrap = String.join(" ", spec.command());
        boolean recycle = bootstrap.endsWith(" recycle");
        long binary = Long.parseLong(bootstrap.replaceAll(".*head -c (\\d+).*", "$1"));
        PlayedAgent agent = new PlayedAgent(id, listener, recycle, binary);
        synchronized (this) {
            agents.put(id, agent);
        }
        return agent;
    }

    private final Map<String, PlayedAgent> agents = new HashMap<>();

    /** The Java stand-in for the agent of one container (docs/agent.md's frames, a few of them). */
    private final class PlayedAgent implements AttachedContainer {
        private final String id;
        private final AttachListener listener;
        private final boolean recycle;
        private long binaryLeft;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private volatile boolean ended;

        PlayedAgent(String id, AttachListener listener, boolean recycle, long binary) {
            this.id = id;
            this.listener = listener;
            this.recycle = recycle;
            this.binaryLeft = binary;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized void write(byte[] bytes) throws IOException {
            if (ended) {
                throw new IOException("the attach stream has ended");
            }
            int at = 0;
            if (binaryLeft > 0) {
                int n = (int) Math.min(binaryLeft, bytes.length);
                binaryLeft -= n;
                at = n;
                if (binaryLeft == 0) {
                    send("HELLO", "version=1\nmode=" + (recycle ? "recycle" : "oneshot") + "\n");
                    if (recycle) {
                        send("READY", "wipe_ms=0\n");
                    }
                }
            }
            pending.write(bytes, at, bytes.length - at);
            byte[] all = pending.toByteArray();
            int newline = indexOf(all, (byte) '\n');
            if (newline < 0) {
                return;
            }
            String[] header = new String(all, 0, newline, StandardCharsets.US_ASCII).split(" ");
            int length = Integer.parseInt(header[1]);
            if (all.length - newline - 1 < length) {
                return;
            }
            pending.reset();
            pending.write(all, newline + 1 + length, all.length - newline - 1 - length);
            ExecResult answer = onExec.answer(id, List.of("agent-run"), java.util.Arrays.copyOfRange(all, newline + 1, newline + 1 + length));
            if (answer.stdout().bytes().length > 0) {
                send("OUT", answer.stdout().bytes());
            }
            if (answer.stderr().bytes().length > 0) {
                send("ERR", answer.stderr().bytes());
            }
            send("EXIT", "status=" + (answer.exitCode() == null ? "timeout" : answer.exitCode()) + "\nstage=script\nran_ms=1\n"
                    + "stdout_bytes=" + answer.stdout().totalBytes() + "\nstderr_bytes=" + answer.stderr().totalBytes()
                    + "\npids_limit_hits=0\noom_kills=0\n");
            if (recycle) {
                send("READY", "wipe_ms=0\n");
            }
        }

        private void send(String word, String text) {
            send(word, text.getBytes(StandardCharsets.UTF_8));
        }

        private void send(String word, byte[] payload) {
            byte[] header = (word + " " + payload.length + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[header.length + payload.length];
            System.arraycopy(header, 0, frame, 0, header.length);
            System.arraycopy(payload, 0, frame, header.length, payload.length);
            listener.stdout(frame);
        }

        void end() {
            if (!ended) {
                ended = true;
                listener.ended(null);
            }
        }

        @Override
        public void close() {
            ended = true;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public ExecResult exec(String containerId, String user, List<String> env, List<String> command, byte[] stdin,
                           int outputCap, Duration waitAtMost, Runnable onStarted, ExecListener output) {
        check();
        synchronized (this) {
            Box box = containers.get(containerId);
            if (box == null || !box.running) {
                throw new ContainerGoneException("container " + containerId + " is gone", null);
            }
        }
        onStarted.run();
        ExecResult answer = onExec.answer(containerId, command, stdin);
        // what a real exec streams, in one chunk per stream
        if (answer.stdout().bytes().length > 0) {
            output.stdout(answer.stdout().bytes());
        }
        if (answer.stderr().bytes().length > 0) {
            output.stderr(answer.stderr().bytes());
        }
        return answer;
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        check();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean killNow = false;
        synchronized (this) {
            while (true) {
                Box box = containers.get(containerId);
                if (box == null || !box.running) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    killNow = true;
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (killNow) {
            kill(containerId);
        }
    }

    @Override
    public synchronized ContainerState state(String containerId) {
        check();
        Box box = containers.get(containerId);
        return box == null ? ContainerState.GONE : new ContainerState(true, box.running, false, box.running ? null : 137);
    }

    @Override
    public void remove(String containerId) {
        check();
        Box removed;
        synchronized (this) {
            removed = containers.remove(containerId);
            notifyAll();
        }
        if (removed != null) {
            if (removed.running) {
                emit(new ContainerEvent(containerId, "die", "137"));
            }
            emit(new ContainerEvent(containerId, "destroy", null));
            endAgent(containerId);
        }
    }

    @Override
    public synchronized List<ManagedContainer> listManaged() {
        check();
        return containers.values().stream().filter(b -> b.labels.containsKey(Labels.PROJECT))
                .map(b -> new ManagedContainer(b.id, b.image, b.labels, b.running, b.created)).toList();
    }

    @Override
    public Closeable subscribe(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
        check();
        Subscription subscription = new Subscription(onEvent, onEnd);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    @Override
    public void loadImage(InputStream imageTar) {
        check();
        String text;
        try {
            text = new String(imageTar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Docker could not load this file as an image: " + e.getMessage(), e);
        }
        String[] lines = text.split("\n");
        if (!lines[0].startsWith("IMAGE ") || !text.endsWith("END\n")) {
            throw new IllegalArgumentException("Docker could not load this file as an image (in memory, only what saveImage wrote)");
        }
        Map<String, byte[]> files = new HashMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            if (!lines[i].contains("\t")) {
                continue; // the weight
            }
            String[] pathAndContent = lines[i].split("\t", 2);
            files.put(pathAndContent[0], java.util.Base64.getDecoder().decode(pathAndContent[1]));
        }
        synchronized (this) {
            images.put(lines[0].substring("IMAGE ".length()), files);
        }
    }

    private volatile Semaphore saveGate;

    /** Saves stall after their first line until {@link #letSavesGo()}: a copy in progress, to cancel. */
    public void holdSaves() {
        saveGate = new Semaphore(0);
    }

    public void letSavesGo() {
        Semaphore gate = saveGate;
        saveGate = null;
        if (gate != null) {
            gate.release(Integer.MAX_VALUE / 2);
        }
    }

    @Override
    public InputStream saveImage(String image) {
        check();
        StringBuilder out = new StringBuilder("IMAGE " + image + "\n");
        synchronized (this) {
            Map<String, byte[]> files = images.get(image);
            if (files == null) {
                throw new IllegalArgumentException("this engine has no image " + image);
            }
            files.forEach((path, content) -> out.append(path).append('\t')
                    .append(java.util.Base64.getEncoder().encodeToString(content)).append('\n'));
        }
        out.append("x".repeat(64 * 1024)).append("\nEND\n"); // some weight, for progress
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        Semaphore gate = saveGate;
        return new java.io.ByteArrayInputStream(bytes) {
            private boolean first = true;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!first && gate != null) {
                    try {
                        gate.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                first = false;
                return super.read(b, off, Math.min(len, 1024));
            }
        };
    }

    @Override
    public void close() {
        subscriptions.clear();
    }

    private void emit(ContainerEvent event) {
        for (Subscription s : subscriptions) {
            s.onEvent().accept(event);
        }
    }

    /** An exec's answer. */
    public static ExecResult result(Integer exitCode, String stdout, String stderr) {
        CappedBuffer out = new CappedBuffer(50 * 1024);
        CappedBuffer err = new CappedBuffer(50 * 1024);
        byte[] o = stdout.getBytes(StandardCharsets.UTF_8);
        byte[] e = stderr.getBytes(StandardCharsets.UTF_8);
        out.write(o, 0, o.length);
        err.write(e, 0, e.length);
        return new ExecResult(exitCode, out, err);
    }
}
