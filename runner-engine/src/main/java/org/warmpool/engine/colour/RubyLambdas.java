package org.warmpool.engine.colour;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.jruby.Ruby;
import org.jruby.RubyInstanceConfig;
import org.jruby.RubyProc;
import org.jruby.embed.LocalContextScope;
import org.jruby.embed.LocalVariableBehavior;
import org.jruby.embed.ScriptingContainer;
import org.jruby.runtime.Block;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.builtin.IRubyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles images' {@code red_amber_green.rb} rules into {@link TrafficLight}s, all sharing one
 * JRuby runtime that this object owns.
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
 * <p>The runtime starts on the first {@link #compile} (about 2 s on an idle 2-core machine, twice
 * that on a busy one), so an engine whose images need no rule never pays for it. After that one
 * judgement costs well under a millisecond. A rule runs inside the engine's JVM with
 * everything Ruby can do; rules are trusted as much as the images that carry them, as in cyber-dojo.
 */
public final class RubyLambdas implements AutoCloseable {

    /** How long one judgement, or one compilation, may take unless the constructor says otherwise. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RubyLambdas.class);
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(5);

    private final Duration timeLimit;
    private final int maxThreads;
    private final Object lock = new Object();
    private ScriptingContainer container;
    private RubyThreads threads;
    private RubyProc loader;
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
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, not " + timeLimit);
        }
        if (maxThreads < 1) {
            throw new IllegalArgumentException("at least one Ruby thread is needed, not " + maxThreads);
        }
        this.timeLimit = timeLimit;
        this.maxThreads = maxThreads;
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
        RubyThreads ruby;
        RubyProc load;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("RubyLambdas is closed");
            }
            try {
                start();
            } catch (RuntimeException | LinkageError e) {
                log.error("the Ruby runtime for traffic-light rules did not start", e);
                return new FaultyLight(rubySource, origin + " could not be compiled: Ruby did not start: " + e);
            }
            ruby = threads;
            load = loader;
        }
        return ruby.run(origin, " while loading",
                (runtime, context) -> RubyRule.load(origin, rubySource, load, ruby, runtime, context),
                problem -> new FaultyLight(rubySource, origin + " " + problem));
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
        ScriptingContainer closing;
        RubyThreads stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closing = container;
            stopping = threads;
        }
        if (stopping == null) {
            return;
        }
        stopping.close();
        // Tear-down runs the rules' at_exit blocks, which are as untrusted as the rules themselves.
        Thread teardown = new Thread(closing::terminate, "warmpool-ruby-teardown");
        teardown.setDaemon(true);
        teardown.start();
        try {
            teardown.join(TEARDOWN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (teardown.isAlive()) {
            log.warn("the Ruby runtime did not finish tearing down within {}", Durations.describe(TEARDOWN_WAIT));
        }
    }

    /** Whether the runtime has been started (for tests of laziness). */
    boolean isStarted() {
        synchronized (lock) {
            return threads != null;
        }
    }

    /** Rule calls whose Ruby code is still running, abandoned ones included (for tests of stopping). */
    int callsInFlight() {
        synchronized (lock) {
            return threads == null ? 0 : threads.callsInFlight();
        }
    }

    /** Starts the runtime unless it is running; called with the lock held. */
    private void start() {
        if (threads != null) {
            return;
        }
        long startedAt = System.nanoTime();
        ScriptingContainer starting = newContainer();
        try {
            Ruby runtime = starting.getProvider().getRuntime();
            loader = newLoader(runtime);
            threads = new RubyThreads(runtime, timeLimit, maxThreads);
            container = starting;
        } catch (RuntimeException | LinkageError e) {
            loader = null;
            try {
                starting.terminate();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        log.info("Ruby runtime for traffic-light rules started in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
    }

    /**
     * CONCURRENT: one runtime shared by all threads, which is what lets a lambda compiled once be
     * called from any thread (JRuby has no global lock; each calling thread gets its own Ruby thread
     * context). THREADSAFE would start one runtime per calling thread, seconds each, and a lambda
     * belongs to the runtime that compiled it. SINGLETHREAD shares the container's variable map
     * between threads, and SINGLETON would share a JVM-wide runtime that {@link #close()} must not own.
     * TRANSIENT: the rules use no container variables, so none should linger between evaluations.
     */
    private static ScriptingContainer newContainer() {
        ScriptingContainer container = new ScriptingContainer(LocalContextScope.CONCURRENT, LocalVariableBehavior.TRANSIENT);
        container.setClassLoader(RubyLambdas.class.getClassLoader());
        RubyInstanceConfig config = container.getProvider().getRubyInstanceConfig();
        // JIT: starts in the interpreter, exactly as fast as OFF, and compiles a rule to bytecode
        // in the background once it is hot. FORCE would compile everything up front.
        config.setCompileMode(RubyInstanceConfig.CompileMode.JIT);
        // Rules need neither RubyGems nor did_you_mean; loading them is most of JRuby's start-up.
        config.setDisableGems(true);
        config.setDisableDidYouMean(true);
        // The engine's environment must not change how rules run (RUBYOPT=-r... would load code).
        config.setDisableRUBYOPT(true);
        // No native POSIX layer: nothing to unpack into /tmp, a faster start, and fewer powers for rules.
        config.setNativeEnabled(false);
        config.setHardExit(false);
        config.setInput(InputStream.nullInputStream());
        config.setOutput(new PrintStream(new RubyOutputLog("stdout"), true, StandardCharsets.UTF_8));
        config.setError(new PrintStream(new RubyOutputLog("stderr"), true, StandardCharsets.UTF_8));
        return container;
    }

    /**
     * The Ruby code that evaluates a rule's source. It lives in Ruby because {@code instance_eval}
     * needs a Ruby caller; called straight from a pool thread it has no scope to run in.
     * Each rule gets its own {@code self}, so a helper it defines with {@code def}, or a constant it
     * sets, stays with that rule instead of leaking into other images' rules. Using it once here
     * also loads the parser and regexp engine, so a rule's first compile is not charged for them.
     */
    private static RubyProc newLoader(Ruby runtime) {
        RubyProc loader = (RubyProc) runtime.evalScriptlet(
                "lambda { |source| Object.new.instance_eval(source, '" + RubyText.FILE_NAME + "', 1) }");
        ThreadContext context = runtime.getCurrentContext();
        RubyProc warmUp = (RubyProc) loader.call(context, new IRubyObject[] {
                runtime.newString("lambda { |stdout, stderr, status| /(\\d+) passed/ =~ stdout ? :green : :red }")},
                Block.NULL_BLOCK);
        warmUp.call(context, new IRubyObject[] {
                runtime.newString("1 passed"), runtime.newString(""), runtime.newFixnum(0)}, Block.NULL_BLOCK);
        return loader;
    }
}
