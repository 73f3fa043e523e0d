package org.warmpool.engine.colour;

import org.jruby.Ruby;
import org.jruby.RubyArray;
import org.jruby.RubyProc;
import org.jruby.RubySymbol;
import org.jruby.exceptions.RaiseException;
import org.jruby.runtime.Block;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.builtin.IRubyObject;

/**
 * A rule whose source evaluated to a lambda that can take (stdout, stderr, status), on one runtime.
 * {@link RubyLight} moves it to a fresh runtime when that one is replaced.
 */
final class RubyRule implements TrafficLight {

    private static final String EXPECTED_COLOURS = ", expected :red, :amber or :green";

    private final String origin;
    private final String source;
    private final RubyProc proc;
    private final boolean isLambda;
    private final RubyThreads threads;
    private final RubyRuntime owner;

    private RubyRule(String origin, String source, RubyProc proc, boolean isLambda, RubyThreads threads, RubyRuntime owner) {
        this.origin = origin;
        this.source = source;
        this.proc = proc;
        this.isLambda = isLambda;
        this.threads = threads;
        this.owner = owner;
    }

    /** The runtime this rule was compiled on (its lambda belongs to it). */
    RubyRuntime runtime() {
        return owner;
    }

    /** Evaluates a rule's source once; runs on a Ruby thread under the time limit, like every call. */
    static TrafficLight load(String origin, String source, RubyProc loader, RubyThreads threads, RubyRuntime owner,
                             Ruby runtime, ThreadContext context) {
        // An editor's byte-order mark is not Ruby; cyber-dojo's runner reads these files as plain text too.
        String code = source.startsWith("\uFEFF") ? source.substring(1) : source;
        IRubyObject value;
        try {
            value = loader.call(context, new IRubyObject[] {RubyText.utf8(runtime, code)}, Block.NULL_BLOCK);
        } catch (RaiseException e) {
            if (e.getException().getMetaClass().isKindOfModule(runtime.getSyntaxError())) {
                return new FaultyLight(source,
                        origin + " does not compile: " + RubyText.describeSyntaxError(context, e));
            }
            return new FaultyLight(source,
                    origin + " raised " + RubyText.describe(context, e) + " while loading");
        }
        if (!(value instanceof RubyProc proc)) {
            return new FaultyLight(source, origin + " is not a lambda: it evaluates to "
                    + RubyText.inspect(context, value) + " (" + value.getMetaClass().getRealClass().getName() + ")");
        }
        boolean isLambda = proc.lambda_p(context).isTrue();
        if (isLambda && !takesThreeArguments(context, proc)) {
            return new FaultyLight(source, origin + " has arity " + proc.arity()
                    + ", expected a lambda of 3 arguments: lambda { |stdout, stderr, status| ... }");
        }
        return new RubyRule(origin, source, proc, isLambda, threads, owner);
    }

    /**
     * Whether a lambda can be called with three positional arguments. {@code arity} alone
     * cannot tell: {@code |a, b = 1|} has arity -2 yet rejects three arguments. Plain procs are not
     * checked: Ruby drops or fills their arguments, and cyber-dojo calls them the same way.
     */
    private static boolean takesThreeArguments(ThreadContext context, RubyProc lambda) {
        int required = 0;
        int optional = 0;
        boolean rest = false;
        RubyArray<?> parameters = (RubyArray<?>) lambda.parameters(context);
        for (int i = 0; i < parameters.size(); i++) {
            RubyArray<?> parameter = (RubyArray<?>) parameters.eltInternal(i);
            switch (((RubySymbol) parameter.eltInternal(0)).idString()) {
                case "req" -> required++;
                case "opt" -> optional++;
                case "rest" -> rest = true;
                case "keyreq" -> required = Integer.MAX_VALUE; // a required keyword can never be passed
                default -> { } // optional keywords and blocks do not matter
            }
        }
        return required <= 3 && (rest || required + optional >= 3);
    }

    /**
     * {@inheritDoc}
     *
     * @throws RubyThreads.RuntimeBroken when its runtime can no longer run anything
     */
    @Override
    public Verdict judge(String stdout, String stderr, int status) {
        return threads.run(origin, "",
                (runtime, context) -> colour(runtime, context, stdout, stderr, status),
                problem -> Verdict.faulty(origin + " " + problem));
    }

    private Verdict colour(Ruby runtime, ThreadContext context, String stdout, String stderr, int status) {
        IRubyObject answer;
        try {
            answer = proc.call(context, new IRubyObject[] {
                    RubyText.utf8(runtime, stdout), RubyText.utf8(runtime, stderr), runtime.newFixnum(status)},
                    Block.NULL_BLOCK);
        } catch (RaiseException e) {
            // `return` works in a lambda but not in a proc that outlived the code that made it.
            String hint = e.getException().getMetaClass().isKindOfModule(runtime.getLocalJumpError())
                    && !isLambda ? "; write the rule as lambda { |stdout, stderr, status| ... }" : "";
            return Verdict.faulty(origin + " raised " + RubyText.describe(context, e) + hint);
        }
        // Symbols only, as in cyber-dojo: a rule answering "green" would be faulty there too.
        if (answer instanceof RubySymbol symbol) {
            switch (symbol.idString()) {
                case "red":
                    return Verdict.of(Colour.RED);
                case "amber":
                    return Verdict.of(Colour.AMBER);
                case "green":
                    return Verdict.of(Colour.GREEN);
                default:
                    break;
            }
        }
        return Verdict.faulty(origin + " returned " + RubyText.inspect(context, answer) + EXPECTED_COLOURS);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "TrafficLight[" + origin + "]";
    }
}
