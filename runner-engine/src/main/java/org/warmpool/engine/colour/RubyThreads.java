package org.warmpool.engine.colour;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jruby.Ruby;
import org.jruby.RubyThread;
import org.jruby.runtime.ThreadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Ruby code from traffic-light rules on a bounded set of daemon threads, so that a rule
 * that never returns costs its caller the time limit and nothing more.
 *
 * <p>Why each piece is here:
 * <ul>
 *   <li>The caller waits on a future with a timeout instead of running Ruby itself, because a
 *       {@code loop {}} cannot be interrupted from the thread that runs it.</li>
 *   <li>Overrunning code is stopped with Ruby's own {@code Thread#kill}, which JRuby delivers at
 *       the next safe point: loop back-edges, block and method calls, {@code sleep}, IO, and even
 *       inside a backtracking regexp match. {@link Thread#interrupt()} alone does not stop Ruby code.
 *       The kill is repeated, because an {@code ensure} clause can start a new loop, and given up
 *       after {@link #GIVE_UP_AFTER}, because {@code ensure; next} can swallow every kill.</li>
 *   <li>A permit per thread caps how many threads rules can hold: code that survives every kill
 *       keeps its permit, so at worst all permits are held and later calls are refused once they
 *       have waited the time limit, instead of the engine growing threads without bound.</li>
 *   <li>A thread whose call was killed (or failed outside Ruby) is retired rather than reused:
 *       a late kill aimed at it must never land in the next rule's call.</li>
 *   <li>A kill that throws, or a thread that cannot enter Ruby at all, means the runtime itself is
 *       broken: that is reported once ({@code onBroken}), so that the owner replaces the runtime
 *       instead of retrying the same failing call and blaming the rule.</li>
 * </ul>
 */
final class RubyThreads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RubyThreads.class);

    private static final Duration KILL_EVERY = Duration.ofMillis(100);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);
    private static final Duration IDLE_THREADS_LIVE = Duration.ofSeconds(30);

    /** Thrown out of a task to make the pool drop its thread; never reported. */
    private static final RuntimeException RETIRE = new RuntimeException("retire this Ruby thread", null, false, false) {
    };

    /** How a runaway's Ruby thread is stopped; {@code RubyThread::kill} except in tests of a kill that fails. */
    @FunctionalInterface
    interface Killer {
        void kill(RubyThread thread);
    }

    /**
     * The runtime could not run the call at all (it is broken, or retired); nothing is known about
     * the rule. The caller should go to a fresh runtime.
     */
    static final class RuntimeBroken extends RuntimeException {
        RuntimeBroken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Ruby code to run on a pool thread; it should turn every Ruby exception into a result. */
    @FunctionalInterface
    interface Work<T> {
        T run(Ruby runtime, ThreadContext context);
    }

    private final Ruby runtime;
    private final long limitNanos;
    private final String limitText;
    private final int maxThreads;
    private final Semaphore permits;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor reaper;
    private final Set<Call<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Killer killer;
    private final Consumer<String> onBroken;
    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile boolean closed;
    /** Null until retired; then what to run once drained; then {@link #NOTHING} once that has run. */
    private final AtomicReference<Runnable> whenRetiredAndDrained = new AtomicReference<>();

    /**
     * @param permits  one per thread that may run a rule; shared with other runtimes of the same
     *                 owner, so that rules which would not stop hold at most {@code maxThreads} in all
     * @param onBroken told once, with the reason, when this runtime turns out to be broken
     */
    RubyThreads(Ruby runtime, Duration limit, int maxThreads, Semaphore permits, Killer killer, Consumer<String> onBroken) {
        this.runtime = runtime;
        this.limitNanos = limit.toNanos();
        this.limitText = Durations.describe(limit);
        this.maxThreads = maxThreads;
        this.permits = permits;
        this.killer = killer;
        this.onBroken = onBroken;
        this.pool = new ThreadPoolExecutor(maxThreads, maxThreads,
                IDLE_THREADS_LIVE.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("warmpool-ruby-"));
        this.pool.allowCoreThreadTimeOut(true);
        this.reaper = new ScheduledThreadPoolExecutor(1, daemonThreads("warmpool-ruby-reaper-"));
    }

    /**
     * Runs {@code work} within the time limit and returns its result, or what {@code otherwise}
     * makes of a problem phrase such as {@code "took over 1 s"} (which already contains {@code when},
     * e.g. {@code " while loading"}) when the work could not finish.
     */
    <T> T run(String origin, String when, Work<T> work, Function<String, T> otherwise) {
        if (whenRetiredAndDrained.get() != null) {
            throw new RuntimeBroken("the Ruby runtime was replaced", null);
        }
        if (closed) {
            return otherwise.apply("could not run" + when + ": the Ruby runtime is closed");
        }
        try {
            if (!permits.tryAcquire(limitNanos, TimeUnit.NANOSECONDS)) {
                return otherwise.apply("could not run" + when + ": all " + maxThreads + " Ruby threads stayed busy for "
                        + limitText + ", held by rules that are slow or would not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise.apply("could not run" + when + ": interrupted while waiting for a Ruby thread");
        }
        Call<T> call = new Call<>(origin, work);
        inFlight.add(call);
        try {
            pool.execute(call);
        } catch (RejectedExecutionException e) {
            inFlight.remove(call);
            permits.release();
            if (whenRetiredAndDrained.get() != null) {
                throw new RuntimeBroken("the Ruby runtime was replaced", e);
            }
            return otherwise.apply("could not run" + when + ": the Ruby runtime is closed");
        }
        try {
            return call.result.get(limitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.abandon();
            return otherwise.apply("took over " + limitText + when);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeBroken runtimeBroken) {
                throw runtimeBroken;
            }
            if (closed) {
                // close() killed it; the ThreadKill says nothing about the rule
                return otherwise.apply("could not finish" + when + ": the Ruby runtime was closed");
            }
            return otherwise.apply(RubyText.describeFailure(e.getCause(), when));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.abandon();
            return otherwise.apply("was interrupted" + when);
        }
    }

    /** Calls whose Ruby code has not returned yet, including abandoned ones that are being stopped. */
    int callsInFlight() {
        return inFlight.size();
    }

    /**
     * Takes no new calls (they get {@link RuntimeBroken}, so that callers move to a fresh runtime),
     * lets the calls in flight finish or be stopped, then runs {@code whenDrained} once.
     */
    void retire(Runnable whenDrained) {
        if (whenRetiredAndDrained.compareAndSet(null, whenDrained)) {
            pool.shutdown();
            drainedCheck();
        }
    }

    private void drainedCheck() {
        Runnable whenDrained = whenRetiredAndDrained.get();
        if (whenDrained == null || whenDrained == NOTHING || !inFlight.isEmpty()) {
            return;
        }
        if (whenRetiredAndDrained.compareAndSet(whenDrained, NOTHING)) {
            reaper.shutdown();
            whenDrained.run();
        }
    }

    private static final Runnable NOTHING = () -> { };

    private void reportBroken(String reason, Throwable cause) {
        if (broken.compareAndSet(false, true)) {
            log.error("the Ruby runtime for traffic-light rules is broken: {}", reason, cause);
            onBroken.accept(reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        inFlight.forEach(Call::abandon);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("{} Ruby call(s) still running at close; their daemon threads are left behind",
                        inFlight.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reaper.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> {
                if (e != RETIRE) {
                    log.error("unexpected failure on {}", t.getName(), e);
                }
            });
            return thread;
        };
    }

    private final class Call<T> implements Runnable {
        private final String origin;
        private final Work<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private volatile RubyThread rubyThread;
        private volatile boolean abandoned;
        private volatile boolean finished;
        private volatile long abandonedAt;

        Call(String origin, Work<T> work) {
            this.origin = origin;
            this.work = work;
        }

        @Override
        public void run() {
            boolean retire = true;
            try {
                if (abandoned) {
                    retire = false;
                    return;
                }
                ThreadContext context;
                try {
                    context = runtime.getCurrentContext();
                    rubyThread = context.getThread();
                } catch (RuntimeException | LinkageError e) {
                    String reason = "a thread could not enter the Ruby runtime: " + e;
                    reportBroken(reason, e);
                    result.completeExceptionally(new RuntimeBroken(reason, e));
                    return;
                }
                result.complete(work.run(runtime, context));
                retire = false;
            } catch (Throwable t) {
                // ThreadKill after a timeout, StackOverflowError, a `return` from a proc, ...
                result.completeExceptionally(t);
            } finally {
                // The order matters: `finished` before reading `abandoned`, so that a thread the
                // reaper may have aimed a kill at always sees `abandoned` and retires.
                finished = true;
                inFlight.remove(this);
                permits.release();
                drainedCheck();
                if (retire || abandoned) {
                    throw RETIRE;
                }
            }
        }

        void abandon() {
            if (abandoned) {
                return;
            }
            abandonedAt = System.nanoTime();
            abandoned = true;
            try {
                reaper.execute(this::stop);
            } catch (RejectedExecutionException closing) {
                stop();
            }
        }

        private void stop() {
            if (finished) {
                return;
            }
            RubyThread target = rubyThread;
            if (target != null) {
                try {
                    killer.kill(target);
                } catch (RuntimeException | LinkageError e) {
                    // Thread#kill does not fail on a healthy runtime: this one cannot stop runaways any more.
                    reportBroken("stopping " + origin + ", which overran its time limit, failed: " + e, e);
                }
            }
            if (System.nanoTime() - abandonedAt > GIVE_UP_AFTER.toNanos()) {
                log.warn("{} ignored being stopped for {}; its thread stays busy until it returns"
                                + " ({} of {} Ruby threads busy)",
                        origin, Durations.describe(GIVE_UP_AFTER), inFlight.size(), maxThreads);
                return;
            }
            try {
                reaper.schedule(this::stop, KILL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed: nothing more we can do for this thread
            }
        }
    }
}
