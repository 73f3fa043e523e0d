package org.warmpool.engine.colour;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.jruby.RubyThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles images' {@code red_amber_green.rb} rules into {@link TrafficLight}s, all sharing one
 * JRuby runtime that this object owns (no other object in the JVM uses it).
 *
 * <p>A rule is a Ruby lambda in cyber-dojo's style, {@code lambda { |stdout, stderr, status| ... }},
 * answering {@code :red}, {@code :amber} or {@code :green}; {@code status} is passed as an Integer.
 * Each rule is compiled once, when its image's pool is prepared, and then judged for every run, from
 * any number of threads at once.
 *
 * <p>Bad Ruby never throws: a rule that does not compile, is not a lambda, takes the wrong
 * arguments, raises, answers anything but the three symbols, or runs longer than the time limit
 * gives {@linkplain Verdict#isFaulty() faulty} verdicts whose reasons name the rule's origin.
 * A rule that loops is stopped (Ruby's {@code Thread#kill}) so it does not keep a core busy; one that
 * survives every attempt keeps one of a bounded number of threads, never more.
 *
 * <p>When the runtime itself breaks (stopping a runaway fails, or a thread cannot enter Ruby), it is
 * an engine fault, not the rule's: the broken runtime is retired (runaways keep it until they end,
 * and it is torn down after them), a fresh one is started, every light compiles its rule again on
 * it the next time it judges, and {@code onRuntimeReplaced} is told why, for the log and the console.
 *
 * <p>The runtime starts on the first {@link #compile} (about 2 s on an idle 2-core machine, twice
 * that on a busy one), so an engine whose images need no rule never pays for it. After that one
 * judgement costs well under a millisecond. A rule runs inside the engine's JVM with
 * everything Ruby can do; rules are trusted as much as the images that carry them, as in cyber-dojo.
 */
public final class RubyLambdas implements AutoCloseable {

    /** How long one judgement, or one compilation, may take unless the constructor says otherwise. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RubyLambdas.class);

    private final Duration timeLimit;
    private final int maxThreads;
    private final Semaphore permits;
    private final RubyThreads.Killer killer;
    private final Consumer<String> onRuntimeReplaced;
    private final Object lock = new Object();
    private RubyRuntime current;
    private final List<RubyRuntime> retired = new ArrayList<>();
    private int started;
    private boolean closed;

    /** Rules get {@link #DEFAULT_TIME_LIMIT}. */
    public RubyLambdas() {
        this(DEFAULT_TIME_LIMIT);
    }

    /** @param timeLimit how long one judgement may take before its verdict is faulty */
    public RubyLambdas(Duration timeLimit) {
        this(timeLimit, Math.max(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param timeLimit  how long one judgement may take before its verdict is faulty
     * @param maxThreads how many rules may run at once; also the most threads that rules which
     *                   ignore being stopped can ever hold
     */
    public RubyLambdas(Duration timeLimit, int maxThreads) {
        this(timeLimit, maxThreads, reason -> { });
    }

    /**
     * @param onRuntimeReplaced told (on some thread of the engine's) why the runtime was replaced by a
     *                          fresh one, in a sentence for an operator
     */
    public RubyLambdas(Duration timeLimit, int maxThreads, Consumer<String> onRuntimeReplaced) {
        this(timeLimit, maxThreads, onRuntimeReplaced, RubyThread::kill);
    }

    RubyLambdas(Duration timeLimit, int maxThreads, Consumer<String> onRuntimeReplaced, RubyThreads.Killer killer) {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, not " + timeLimit);
        }
        if (maxThreads < 1) {
            throw new IllegalArgumentException("at least one Ruby thread is needed, not " + maxThreads);
        }
        this.timeLimit = timeLimit;
        this.maxThreads = maxThreads;
        this.permits = new Semaphore(maxThreads);
        this.onRuntimeReplaced = Objects.requireNonNull(onRuntimeReplaced, "onRuntimeReplaced");
        this.killer = Objects.requireNonNull(killer, "killer");
    }

    /**
     * Compiles one rule. Never throws for bad Ruby: the returned light then judges every run faulty,
     * with a reason such as {@code <origin> does not compile: syntax error, unexpected end-of-input (line 3)}.
     *
     * @param origin     where the rule came from, for reasons and logs, e.g.
     *                   {@code warmpool/python-pytest:/usr/local/bin/red_amber_green.rb}
     * @param rubySource the whole content of the rule file
     * @throws IllegalStateException when this has been closed
     */
    public TrafficLight compile(String origin, String rubySource) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rubySource, "rubySource");
        for (int attempt = 1; ; attempt++) {
            RubyRuntime runtime;
            try {
                runtime = runtime();
            } catch (Unavailable e) {
                synchronized (lock) {
                    if (closed) {
                        throw new IllegalStateException("RubyLambdas is closed");
                    }
                }
                return new FaultyLight(rubySource, origin + " could not be compiled: " + e.getMessage());
            }
            try {
                TrafficLight compiled = runtime.compile(origin, rubySource);
                return compiled instanceof RubyRule rule ? new RubyLight(this, origin, rubySource, rule) : compiled;
            } catch (RubyThreads.RuntimeBroken e) {
                replace(runtime, e.getMessage());
                if (attempt == 2) {
                    return new FaultyLight(rubySource, origin + " could not be compiled: the Ruby runtime failed twice in a row ("
                            + e.getMessage() + ")");
                }
            }
        }
    }

    /** The light for an image that has no rule: every run is faulty, {@code no traffic-light rule: <origin> is missing}. */
    public static TrafficLight missing(String origin) {
        Objects.requireNonNull(origin, "origin");
        return new FaultyLight("", "no traffic-light rule: " + origin + " is missing");
    }

    /**
     * Stops rules still running and tears the runtime down. Lights compiled earlier stay usable
     * but judge every run faulty. Idempotent.
     */
    @Override
    public void close() {
        List<RubyRuntime> closing = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                closing.add(current);
            }
            closing.addAll(retired);
            retired.clear();
        }
        closing.forEach(RubyRuntime::close);
    }

    /** The runtime rules run on now, started when none is running. */
    RubyRuntime runtime() {
        synchronized (lock) {
            if (closed) {
                throw new Unavailable("the Ruby runtime is closed");
            }
            if (current == null) {
                long startedAt = System.nanoTime();
                try {
                    current = RubyRuntime.start(++started, timeLimit, maxThreads, permits, killer, this::replace);
                } catch (RuntimeException | LinkageError e) {
                    log.error("the Ruby runtime for traffic-light rules did not start", e);
                    throw new Unavailable("Ruby did not start: " + e);
                }
                log.info("Ruby runtime{} for traffic-light rules started in {} ms", started == 1 ? "" : " #" + started,
                        (System.nanoTime() - startedAt) / 1_000_000);
            }
            return current;
        }
    }

    /**
     * Retires a runtime found broken and starts a fresh one in the background; lights move to it the
     * next time they judge. Nothing happens when {@code broken} was already replaced.
     */
    void replace(RubyRuntime broken, String reason) {
        synchronized (lock) {
            if (closed || current != broken) {
                return;
            }
            current = null;
            retired.removeIf(r -> r.callsInFlight() == 0);
            retired.add(broken);
        }
        log.warn("{} for traffic-light rules is broken ({}); starting a fresh one, on which every rule is compiled again",
                broken, reason);
        broken.retire();
        onRuntimeReplaced.accept("The Ruby runtime that colours runs failed (" + reason
                + "). Warmpool retired it and started a fresh one; rules are compiled again on it.");
        Thread starter = new Thread(() -> {
            try {
                runtime();
            } catch (Unavailable e) {
                // the next judgement says why
            }
        }, "warmpool-ruby-restart");
        starter.setDaemon(true);
        starter.start();
    }

    /** Whether the runtime has been started (for tests of laziness). */
    boolean isStarted() {
        synchronized (lock) {
            return current != null;
        }
    }

    /** How many runtimes this has started (1 unless one broke). */
    int runtimesStarted() {
        synchronized (lock) {
            return started;
        }
    }

    /** Rule calls whose Ruby code is still running, abandoned ones included, on any runtime (for tests of stopping). */
    int callsInFlight() {
        synchronized (lock) {
            int calls = current == null ? 0 : current.callsInFlight();
            for (RubyRuntime r : retired) {
                calls += r.callsInFlight();
            }
            return calls;
        }
    }

    /** No runtime can be had: closed, or Ruby did not start. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
