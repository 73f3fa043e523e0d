package org.warmpool.engine.core;

import org.warmpool.engine.concurrent.DaemonThreads;
import org.warmpool.engine.pool.ImageChecker;
import org.warmpool.engine.colour.RubyLambdas;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerJavaRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.events.EventBus;
import org.warmpool.engine.metrics.EngineMetrics;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.pool.EngineSet;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.run.AgentRunPath;
import org.warmpool.engine.run.ExecRunPath;
import org.warmpool.engine.run.Runner;
import org.warmpool.engine.throttle.Admission;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The runner engine: warm pools per image and the run path, as one object. Everything the
 * console and the gateway do goes through these methods; none of them needs a screen.
 *
 * <pre>{@code
 * try (Engine engine = Engine.start(EngineConfig.defaults().withPool("warmpool/busybox", PoolSettings.withTarget(2)))) {
 *     RunResult result = engine.run(request).join();
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final ContainerRuntime docker;
    private final EventBus bus = new EventBus();
    private final RubyLambdas lambdas;
    private final EngineSet pools;
    private final ExecRunPath runPath;
    private final AgentRunPath agentPath;
    private final Runner runner;
    private final ThreadPoolExecutor runSlots;
    private final AtomicInteger queued = new AtomicInteger();
    private final Admission admission;
    private final Clock clock = Clock.systemUTC();
    private final EngineMetrics metrics;

    private Engine(EngineConfig config, List<EngineSet.Endpoint> engines) {
        this.config = config;
        this.lambdas = new RubyLambdas(config.lambdaTimeout(), Math.max(4, Runtime.getRuntime().availableProcessors()),
                reason -> bus.publish(new EngineEvent.Notice(clock.instant(), EngineEvent.Notice.Level.WARNING, reason)));
        this.pools = new EngineSet(engines, lambdas::compile, bus, config.warmConcurrency(), config.reconcileEvery(),
                config.dockerGrace(), clock);
        this.docker = pools.primary();
        this.runPath = new ExecRunPath(docker);
        this.agentPath = new AgentRunPath(docker);
        this.runner = new Runner(pools, runPath, agentPath, bus, clock);
        this.runSlots = new ThreadPoolExecutor(config.maxConcurrentRuns(), config.maxConcurrentRuns(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("warmpool-run"));
        this.runSlots.allowCoreThreadTimeOut(true);
        this.admission = new Admission(ThrottleLimits.defaults().withMaxConcurrentRuns(config.maxConcurrentRuns()));
        this.metrics = new EngineMetrics(this::snapshot);
    }

    /** Starts an engine on the local Docker daemon: reaps orphans, then prepares the configured pools. */
    public static Engine start(EngineConfig config) {
        return start(config, new DockerJavaRuntime());
    }

    /** Starts an engine on one Docker daemon, named {@code local}. */
    public static Engine start(EngineConfig config, ContainerRuntime docker) {
        return start(config, List.of(new EngineSet.Endpoint("local", "local", docker)));
    }

    /**
     * Starts an engine on several Docker daemons: every pool is spread over those that hold its image.
     * The first is where images are checked and loaded (the console's Images view).
     */
    public static Engine start(EngineConfig config, List<EngineSet.Endpoint> engines) {
        Engine engine = new Engine(config, engines);
        engine.pools.start();
        config.pools().forEach(engine.pools::addPool);
        return engine;
    }

    /**
     * Runs a submission when a run slot is free. The future completes with the result, or
     * exceptionally with a {@link RunRejectedException} saying why it could not run.
     *
     * <p>Cancelling the request's {@link org.warmpool.engine.api.Cancellation} while it waits takes it
     * out of the run queue: it never runs, and the future fails at once with reason {@code CANCELLED}.
     * While it runs, the {@link Runner} stops it (its container is killed and removed).
     */
    public CompletableFuture<RunResult> run(RunRequest request) {
        QueuedRun queuedRun = new QueuedRun(request, System.nanoTime());
        queued.incrementAndGet();
        try {
            runSlots.execute(queuedRun);
        } catch (RejectedExecutionException e) {
            queuedRun.reject();
        }
        request.cancellation().onCancel(queuedRun::withdraw);
        return queuedRun.future;
    }

    /** Counts bytes as Docker reads them, for load progress. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final LongConsumer progress;
        private long count;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }

    /**
     * A submission waiting for a run slot; answered exactly once, by a run, a refusal or its
     * withdrawal. Whichever takes it first (a run slot, closing, or cancelling) owns it.
     */
    private final class QueuedRun implements Runnable {
        final RunRequest request;
        final long submitted;
        final CompletableFuture<RunResult> future = new CompletableFuture<>();
        private final AtomicBoolean taken = new AtomicBoolean();

        QueuedRun(RunRequest request, long submitted) {
            this.request = request;
            this.submitted = submitted;
        }

        @Override
        public void run() {
            if (!taken.compareAndSet(false, true)) {
                return; // withdrawn or refused while it waited
            }
            queued.decrementAndGet();
            try {
                RunResult result = runner.run(request, submitted);
                metrics.recordRun(result); // before the reply: a scrape after it counts this run
                future.complete(result);
            } catch (RuntimeException e) {
                future.completeExceptionally(e instanceof RunRejectedException ? e
                        : new RunRejectedException(RunRejectedException.Reason.INTERNAL, e.toString(), e));
            }
        }

        void reject() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            queued.decrementAndGet();
            request.cancellation().settle();
            future.completeExceptionally(new RunRejectedException(RunRejectedException.Reason.SHUTTING_DOWN,
                    "Warmpool is shutting down; send it again when it is back."));
        }

        /** Cancelled: out of the queue if it is still there (once a run slot has it, the runner stops it). */
        void withdraw() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            runSlots.remove(this);
            queued.decrementAndGet();
            future.completeExceptionally(new RunRejectedException(RunRejectedException.Reason.CANCELLED,
                    "Cancelled " + request.cancellation().reason() + " while it waited for a run slot; it never ran."));
        }
    }

    /** The engine's figures in Prometheus's text format ({@code GET /metrics}). */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** Admission control for the gateway's doors: rates, concurrency, the queue bound. */
    public Admission admission() {
        return admission;
    }

    /** Changes the throttle limits live; the run slots follow {@code maxConcurrentRuns}. */
    public void setLimits(ThrottleLimits limits) {
        int runs = limits.maxConcurrentRuns();
        if (runs > runSlots.getMaximumPoolSize()) {
            runSlots.setMaximumPoolSize(runs);
            runSlots.setCorePoolSize(runs);
        } else {
            runSlots.setCorePoolSize(runs);
            runSlots.setMaximumPoolSize(runs);
        }
        admission.setLimits(limits);
        bus.publish(new EngineEvent.ThrottleChanged(clock.instant(), throttle()));
    }

    /** Connections, in-flight and queued submissions, and rejections so far. */
    public ThrottleSnapshot throttle() {
        return admission.snapshot(queued.get());
    }

    /** Tells observers that admission counts changed (the gateway calls this as connections and submissions come and go). */
    public void publishThrottle() {
        bus.publish(new EngineEvent.ThrottleChanged(clock.instant(), throttle()));
    }

    /** Submissions waiting for a run slot. */
    public int queuedRuns() {
        return queued.get();
    }

    /** Runs executing now. */
    public int activeRuns() {
        return runSlots.getActiveCount();
    }

    public CompletableFuture<PoolSnapshot> addPool(String image, PoolSettings settings) {
        return pools.addPool(image, settings);
    }

    public PoolSnapshot setTarget(String image, int target) {
        return pools.setTarget(image, target);
    }

    public CompletableFuture<Void> removePool(String image) {
        return pools.removePool(image);
    }

    /**
     * The {@code org.warmpool.owner} label on every container this engine starts
     * ({@code host/pid/session}): {@code docker ps --filter label=org.warmpool.owner=…} lists them.
     */
    public String owner() {
        return pools.owner();
    }

    public boolean hasPool(String image) {
        return pools.hasPool(image);
    }

    /** The images the Docker daemon holds. */
    public List<LocalImage> localImages() {
        return docker.images();
    }

    /** Whether an image keeps the cyber-dojo contract (sandbox user, bash, tar, a traffic-light rule), and what it lacks. */
    public ImageCheck checkImage(String image) {
        return ImageChecker.check(docker, image, Labels.probe(image, "check"));
    }

    /**
     * {@code docker load} of an image tarball (as {@code docker save} writes it, possibly gzip'd),
     * reporting bytes read so far to {@code progress}. The offline-workshop path: images arrive on
     * a USB stick.
     */
    public void loadImage(Path tarball, LongConsumer progress) throws IOException {
        try (InputStream in = Files.newInputStream(tarball)) {
            loadImage(in, progress);
        }
    }

    /** As {@link #loadImage(Path, LongConsumer)}, from a stream the caller owns (and may cut short to cancel). */
    public void loadImage(InputStream tarball, LongConsumer progress) {
        docker.loadImage(new CountingInputStream(tarball, progress));
    }

    /** Compares the pools with Docker now instead of at the next periodic reconcile. */
    public void reconcile() {
        pools.reconcile();
    }

    public EngineSnapshot snapshot() {
        List<PoolSnapshot> all = pools.snapshots();
        long timeouts = all.stream().mapToLong(p -> p.count(Outcome.TIMED_OUT)).sum();
        long faults = all.stream().mapToLong(p -> p.count(Outcome.FAULTY)).sum();
        long runs = all.stream().mapToLong(PoolSnapshot::runs).sum();
        return new EngineSnapshot(clock.instant(), pools.dockerAvailable(), pools.dockerMessage(), all, pools.recentLives(),
                throttle(), pools.warmStarts(), pools.coldStarts(), timeouts, faults, runs, bus.dropped(), pools.engines());
    }

    /** Each Docker engine: whether it answers, what it is, what it holds and does. */
    public List<EngineStatus> engines() {
        return pools.engines();
    }

    /** Whether each engine holds {@code image} (empty: it cannot be asked now), by engine name. */
    public Map<String, Optional<Boolean>> imageOnEngines(String image) {
        return pools.imageOnEngines(image);
    }

    /**
     * Copies an image to the engine named {@code engine} from one that has it ({@code docker save} →
     * {@code docker load}, nothing on disk), telling {@code progress} the bytes sent so far; cancel the
     * future to stop it. Once it is there, that engine takes its share of the image's pool.
     *
     * @throws IllegalArgumentException for an unknown engine, one that has the image, or an image no other engine has
     */
    public CompletableFuture<Void> copyImage(String image, String engine, LongConsumer progress) {
        return pools.copyImage(image, engine, progress);
    }

    /** The Docker engine's version (asks the daemon now, so call it off the UI thread), or empty when it does not answer. */
    public Optional<String> dockerVersion() {
        try {
            return Optional.ofNullable(docker.ping());
        } catch (DockerUnavailableException e) {
            return Optional.empty();
        }
    }

    /** Events as they happen, on a thread of the listener's own; close the handle to stop. */
    public AutoCloseable subscribe(String name, Consumer<EngineEvent> listener) {
        return bus.subscribe(name, listener);
    }

    /** True once every configured pool has been full at least once and Docker answers. */
    public boolean ready() {
        EngineSnapshot s = snapshot();
        return s.dockerAvailable() && s.pools().stream().allMatch(p -> p.everFilled() || p.target() == 0);
    }

    public EngineConfig config() {
        return config;
    }

    /** Drains in-flight runs (up to {@code grace}), then removes every container this engine started. */
    public void close(Duration grace) {
        runSlots.shutdown();
        List<Runnable> waiting = new java.util.ArrayList<>();
        runSlots.getQueue().drainTo(waiting);
        waiting.forEach(r -> ((QueuedRun) r).reject());
        try {
            runSlots.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runSlots.shutdownNow().forEach(r -> ((QueuedRun) r).reject());
        pools.close();
        removeLeftoverProbes();
        runPath.close();
        agentPath.close();
        lambdas.close();
        metrics.close();
        bus.close();
        pools.disconnect();
    }

    /** A readiness check cut short by closing leaves its probe container: remove it now, not at the next start. */
    private void removeLeftoverProbes() {
        String probeOwner = Labels.owner("check");
        try {
            docker.listManaged().stream().filter(c -> probeOwner.equals(c.label(Labels.OWNER)))
                    .forEach(c -> docker.remove(c.id()));
        } catch (RuntimeException e) {
            // Docker is gone: the next engine's start reaps them
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(25));
    }
}
