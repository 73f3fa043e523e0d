package org.warmpool.engine.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.Cancellation;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.RunSummary;
import org.warmpool.engine.api.Timings;
import org.warmpool.engine.colour.Verdict;
import org.warmpool.engine.docker.ContainerGoneException;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.events.EventBus;
import org.warmpool.engine.pool.Claim;
import org.warmpool.engine.pool.EngineSet;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A run from claim to traffic light: claim a container, hand it to the {@link RunPath}, tell what
 * the execution means (timed out, died, an image without bash, or output for the rule), colour it,
 * return the cyber-dojo result, and hand the container back.
 */
public final class Runner {
    /** cyber-dojo returns at most this many created files. */
    public static final int MAX_CREATED_FILES = 16;
    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    private static final Duration PREPARATION_WAIT = Duration.ofSeconds(60);
    /**
     * Containers tried for one run that were found dead as it began: after the Docker daemon's
     * restart every ready container of a pool may be, until the engine has noticed each of them.
     */
    private static final int GONE_ATTEMPTS = 4;

    private final EngineSet pools;
    private final RunPath exec;
    private final RunPath agent;
    private final EventBus bus;
    private final Clock clock;

    /**
     * @param exec  the path for containers without an agent
     * @param agent the path for containers whose agent was started at warm-up
     */
    public Runner(EngineSet pools, RunPath exec, RunPath agent, EventBus bus, Clock clock) {
        this.pools = pools;
        this.exec = exec;
        this.agent = agent;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Runs one submission on the calling thread.
     *
     * <p>Cancelling the request's {@link Cancellation} stops it: before its script started, it never
     * runs (a container it claimed is handed back unused, to be removed); while it runs, its container
     * is killed, then removed, never reused. Either way this throws {@link Reason#CANCELLED}. Once the
     * run has ended the cancellation is settled, and the result stands.
     *
     * @param submittedNanos {@link System#nanoTime()} when the submission arrived (for the queued time)
     * @throws RunRejectedException when it could not run at all (unknown image, Docker down, shutting
     *                              down), or was cancelled
     */
    public RunResult run(RunRequest request, long submittedNanos) {
        Cancellation cancellation = request.cancellation();
        Held held = new Held();
        cancellation.onCancel(held::cancelled);
        try {
            return run(request, submittedNanos, 1, held);
        } catch (RunRejectedException e) {
            if (e.reason() == Reason.CANCELLED || cancellation.settle()) {
                throw e;
            }
            throw cancelled(request, held); // cancelled before this refusal was final: the client asked first
        }
    }

    /** What a run holds, for stopping it when it is cancelled: its container, and when its script started. */
    private final class Held {
        private volatile Claim claim;
        private volatile long startedNanos;

        /** Set before asking whether it was cancelled, so that a cancel either sees the claim or is seen. */
        void claimed(Claim c) {
            claim = c;
        }

        void started() {
            startedNanos = System.nanoTime();
        }

        /** On the cancelling thread: kills the container it holds (its run path then returns). */
        void cancelled() {
            Claim c = claim;
            if (c != null) {
                pools.kill(c);
            }
        }
    }

    private RunResult run(RunRequest request, long submittedNanos, int attempt, Held held) {
        Cancellation cancellation = request.cancellation();
        if (cancellation.isCancelled()) {
            throw cancelled(request, held);
        }
        long start = System.nanoTime();
        Claim claim;
        try {
            claim = pools.claim(request.image(), PREPARATION_WAIT);
        } catch (RunRejectedException e) {
            if (e.reason() != Reason.POOL_FAULTY) {
                throw e;
            }
            if (!cancellation.settle()) {
                throw cancelled(request, held);
            }
            long now = System.nanoTime();
            return finish(request, null, Outcome.FAULTY, "", Output.EMPTY, Output.EMPTY, e.getMessage(), Map.of(), Map.of(),
                    new long[]{submittedNanos, start, now, now, now});
        }
        held.claimed(claim);
        if (cancellation.isCancelled()) {
            pools.release(claim, "cancelled " + cancellation.reason() + " before its run", null, 0);
            throw cancelled(request, held);
        }
        long claimed = System.nanoTime();
        try {
            return runIn(claim, request, new long[]{submittedNanos, start, claimed}, held);
        } catch (RunRejectedException e) {
            if (e.reason() != Reason.CANCELLED) {
                pools.release(claim, "engine error", null, 0);
            }
            throw e; // cancelled: runIn handed the container back
        } catch (ContainerGoneException e) {
            pools.release(claim, cancellation.isCancelled() ? "cancelled " + cancellation.reason() : "died before its run", null, 0);
            if (cancellation.isCancelled()) {
                throw cancelled(request, held);
            }
            boolean engineGone = !pools.answers(claim); // a container is gone with its engine: not the image's doing
            int attempts = GONE_ATTEMPTS + (engineGone && pools.servedElsewhere(claim) ? 1 : 0);
            if (attempt >= attempts) {
                throw new RunRejectedException(Reason.INTERNAL, attempts + " containers in a row died before the run"
                        + " could start: " + e.getMessage(), e);
            }
            log.info("container {} was gone at claim; retrying on another", claim.containerId());
            return run(request, submittedNanos, attempt + 1, held);
        } catch (DockerUnavailableException e) {
            pools.release(claim, "Docker went away", null, 0);
            pools.markDown(claim, e.getMessage());
            if (cancellation.isCancelled()) {
                throw cancelled(request, held);
            }
            boolean started = held.startedNanos != 0;
            if (!started && attempt == 1) {
                // nothing of it ran: it waits for Docker's return (up to the grace) like a new submission
                log.info("Docker went away before {} started; it waits for Docker", request.id());
                return run(request, submittedNanos, attempt + 1, held);
            }
            if (started && attempt <= 2 && pools.servedElsewhere(claim)) {
                // its engine went away under it: a run changes nothing outside its container, so another engine runs it again
                log.info("engine {} went away during {}; it runs again on another engine", claim.engine(), request.id());
                held.startedNanos = 0;
                return run(request, submittedNanos, attempt + 1, held);
            }
            if (!started) {
                throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, e.getMessage(), e);
            }
            if (!cancellation.settle()) {
                throw cancelled(request, held);
            }
            long now = System.nanoTime();
            return finish(request, claim, Outcome.FAULTY, "", Output.EMPTY, Output.EMPTY,
                    "Docker went away during the run, so how it ended is unknown; send it again. (" + e.getMessage() + ")",
                    Map.of(), Map.of(), new long[]{submittedNanos, start, claimed, now, now});
        } catch (RuntimeException e) {
            pools.release(claim, cancellation.isCancelled() ? "cancelled " + cancellation.reason() : "engine error", null, 0);
            if (cancellation.isCancelled()) {
                throw cancelled(request, held); // the kill cut short what the run path was doing
            }
            throw new RunRejectedException(Reason.INTERNAL, "the run failed inside Warmpool: " + e, e);
        }
    }

    /** The answer to a cancelled run: whether it ran, and for how long. */
    private static RunRejectedException cancelled(RunRequest request, Held held) {
        String who = request.cancellation().reason();
        long started = held.startedNanos;
        if (started == 0) {
            return new RunRejectedException(Reason.CANCELLED, "Cancelled " + who + " before its script started; it never ran.");
        }
        return new RunRejectedException(Reason.CANCELLED, "Cancelled " + who + " while it ran: stopped after "
                + millis(System.nanoTime() - started) + " ms; its container is removed, never reused.");
    }

    private RunResult runIn(Claim claim, RunRequest request, long[] times, Held held) {
        RunPath path = claim.session() != null ? agent : exec;
        Execution ran = path.execute(claim, request, () -> {
            held.started();
            pools.running(claim);
        });
        if ((!ran.fault().isEmpty() || ran.exitCode() == null) && !ran.deadlineHit() && !request.cancellation().isCancelled()
                && !pools.answers(claim)) {
            // killed with its engine (a daemon that stops takes its containers along): not the run's doing
            throw new DockerUnavailableException("engine " + claim.engine() + " stopped answering during the run", null);
        }
        if (!request.cancellation().settle()) {
            // cancelled while it ran (its container was killed), or just as it ended: either way never reused
            pools.release(claim, "cancelled " + request.cancellation().reason(), null, 0, false);
            throw cancelled(request, held);
        }
        long executed = System.nanoTime();
        Integer exit = ran.exitCode();
        Output stdout = Output.fromBytes(ran.stdout(), ran.stdoutTruncated());
        Output stderr = Output.fromBytes(ran.stderr(), ran.stderrTruncated());
        Map<String, Output> created = Map.of();
        Map<String, Output> changed = Map.of();
        Outcome outcome = null;
        String note = "";
        if (ran.deadlineHit()) {
            outcome = Outcome.TIMED_OUT;
            note = "cyber-dojo.sh did not finish within max_seconds=" + request.maxSeconds() + "; its container was killed";
        } else if (!ran.fault().isEmpty()) {
            outcome = Outcome.FAULTY; // killed or removed from outside, out of memory: never the rule's to colour
            note = ran.fault();
        } else if (exit == null) {
            outcome = Outcome.FAULTY;
            note = "the run's end was not seen: Docker's stream of it broke after " + ran.ranMillis() + " ms; send it again";
        } else if (ran.noShell()) {
            outcome = Outcome.FAULTY;
            note = "the image could not run cyber-dojo.sh: it has no bash (images must provide bash and tar): "
                    + stdout.content() + stderr.content();
        } else if (request.filesBack()) {
            Map<String, Output>[] files = createdAndChanged(ran.sandboxFiles(), request);
            created = files[0];
            changed = files[1];
        }
        if (outcome == null) {
            Verdict verdict = claim.light().judge(stdout.content(), stderr.content(), exit);
            outcome = verdict.isFaulty() ? Outcome.FAULTY : verdict.colour().outcome();
            note = verdict.isFaulty() ? verdict.fault() : "";
        }
        long coloured = System.nanoTime();
        // a killed run never finished
        String status = exit == null || ran.deadlineHit() || !ran.fault().isEmpty() ? "" : Integer.toString(exit);
        RunResult result = finish(request, claim, outcome, status, stdout, stderr, note, created, changed,
                new long[]{times[0], times[1], times[2], executed, coloured});
        // After the result is built: the container is removed off the critical path.
        pools.release(claim, ran.deadlineHit() ? "timed out" : !ran.fault().isEmpty() ? "its run was ended from outside"
                : "served " + request.id(), outcome, result.timings().total(), ran.reusable() && ran.fault().isEmpty());
        return result;
    }

    /** @param times submitted, started, claimed, executed, coloured ({@link System#nanoTime()}) */
    private RunResult finish(RunRequest request, Claim claim, Outcome outcome, String status, Output stdout, Output stderr,
                             String note, Map<String, Output> created, Map<String, Output> changed, long[] times) {
        Timings timings = new Timings(millis(times[1] - times[0]), millis(times[2] - times[1]), millis(times[3] - times[2]),
                millis(times[4] - times[3]), millis(times[4] - times[0]));
        boolean warm = claim != null && claim.warm();
        String containerId = claim == null ? "" : claim.containerId();
        RunResult result = new RunResult(request.id(), request.image(), outcome, status, stdout, stderr, created, changed,
                Output.of(note), timings, warm, containerId);
        bus.publish(new EngineEvent.RunFinished(clock.instant(), new RunSummary(request.id(), request.image(),
                outcome, warm, containerId, timings.queued(), timings.claim(), timings.exec(), timings.colour(),
                timings.total())));
        return result;
    }

    /** Text files under /sandbox that the run created or changed, as the cyber-dojo runner returns them. */
    @SuppressWarnings("unchecked")
    static Map<String, Output>[] createdAndChanged(Map<String, byte[]> after, RunRequest request) {
        Map<String, Output> created = new TreeMap<>();
        Map<String, Output> changed = new TreeMap<>();
        after.forEach((name, content) -> {
            if (!isText(content)) {
                return;
            }
            byte[] sent = request.files().asMap().get(name);
            if (sent == null) {
                if (created.size() < MAX_CREATED_FILES) {
                    created.put(name, Output.fromBytes(content, false));
                }
            } else if (!Arrays.equals(sent, content)) {
                changed.put(name, Output.fromBytes(content, false));
            }
        });
        return new Map[]{created, changed};
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
}
