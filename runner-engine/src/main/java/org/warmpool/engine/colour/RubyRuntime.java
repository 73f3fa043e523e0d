package org.warmpool.engine.colour;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

import org.jruby.Ruby;
import org.jruby.RubyInstanceConfig;
import org.jruby.RubyProc;
import org.jruby.runtime.Block;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.builtin.IRubyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JRuby runtime that only its {@link RubyLambdas} uses, with the threads its rules run on.
 *
 * <p>It is a plain {@code Ruby.newInstance}, deliberately not a JRuby {@code ScriptingContainer}:
 * every non-singleton container scope except THREADSAFE and SINGLETHREAD hands out JRuby's
 * <em>JVM-wide global</em> runtime once one exists, so the rules of every engine in a JVM ended up
 * on the first engine's runtime; closing any engine tore that shared runtime down under the others,
 * and a container's finalizer tore down whichever runtime was global when the garbage collector ran.
 * After that no runaway rule could be stopped ({@code Thread#kill} failed inside the dead runtime).
 */
final class RubyRuntime {

    private static final Logger log = LoggerFactory.getLogger(RubyRuntime.class);
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(5);

    private final int number;
    private final Ruby runtime;
    private final RubyProc loader;
    private final RubyThreads threads;

    private RubyRuntime(int number, Ruby runtime, RubyProc loader, Duration limit, int maxThreads, Semaphore permits,
                        RubyThreads.Killer killer, BiConsumer<RubyRuntime, String> onBroken) {
        this.number = number;
        this.runtime = runtime;
        this.loader = loader;
        this.threads = new RubyThreads(runtime, limit, maxThreads, permits, killer, reason -> onBroken.accept(this, reason));
    }

    /**
     * Starts a runtime (about 2 s on an idle 2-core machine).
     *
     * @param number   1 for the first runtime of a {@link RubyLambdas}, 2 for its first replacement, ...
     * @param permits  shared by every runtime of one {@link RubyLambdas}: threads held by rules that
     *                 would not stop count against the same limit whichever runtime they run in
     * @param onBroken told, once, why this runtime can no longer be trusted
     */
    static RubyRuntime start(int number, Duration limit, int maxThreads, Semaphore permits, RubyThreads.Killer killer,
                             BiConsumer<RubyRuntime, String> onBroken) {
        Ruby runtime = Ruby.newInstance(config());
        try {
            RubyProc loader = newLoader(runtime);
            return new RubyRuntime(number, runtime, loader, limit, maxThreads, permits, killer, onBroken);
        } catch (RuntimeException | LinkageError e) {
            try {
                runtime.tearDown(false);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    int number() {
        return number;
    }

    /**
     * Evaluates a rule's source on this runtime, within the time limit.
     *
     * @throws RubyThreads.RuntimeBroken when this runtime can no longer run anything
     */
    TrafficLight compile(String origin, String source) {
        return threads.run(origin, " while loading",
                (ruby, context) -> RubyRule.load(origin, source, loader, threads, this, ruby, context),
                problem -> new FaultyLight(source, origin + " " + problem));
    }

    int callsInFlight() {
        return threads.callsInFlight();
    }

    /**
     * Takes no new calls; calls in flight (a runaway that is still being stopped, or a healthy rule
     * finishing) keep this runtime, and it is torn down once the last of them has returned.
     */
    void retire() {
        threads.retire(this::tearDownInBackground);
    }

    /** Stops rules still running and tears the runtime down, waiting a few seconds at most. */
    void close() {
        threads.close();
        Thread teardown = tearDownInBackground();
        try {
            teardown.join(TEARDOWN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (teardown.isAlive()) {
            log.warn("the Ruby runtime did not finish tearing down within {}", Durations.describe(TEARDOWN_WAIT));
        }
    }

    /** Tear-down runs the rules' at_exit blocks, which are as untrusted as the rules themselves: never on a caller's thread. */
    private Thread tearDownInBackground() {
        Thread teardown = new Thread(() -> {
            try {
                runtime.tearDown(false);
            } catch (RuntimeException | LinkageError e) {
                log.debug("tearing down Ruby runtime #{} failed: {}", number, e.toString());
            }
        }, "warmpool-ruby-teardown-" + number);
        teardown.setDaemon(true);
        teardown.start();
        return teardown;
    }

    private static RubyInstanceConfig config() {
        RubyInstanceConfig config = new RubyInstanceConfig();
        config.setLoader(RubyLambdas.class.getClassLoader());
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
        return config;
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

    @Override
    public String toString() {
        return "Ruby runtime #" + number;
    }
}
