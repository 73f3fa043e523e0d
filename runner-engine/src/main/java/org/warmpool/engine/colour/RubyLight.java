package org.warmpool.engine.colour;

/**
 * A compiled rule as the engine holds it: it stays usable when its {@link RubyLambdas} replaces a
 * broken Ruby runtime, by compiling the same source again on the fresh runtime the first time it is
 * asked to judge there. The verdicts do not change: a rule is a pure function of its source.
 */
final class RubyLight implements TrafficLight {

    private final RubyLambdas lambdas;
    private final String origin;
    private final String source;
    private volatile RubyRule rule;

    RubyLight(RubyLambdas lambdas, String origin, String source, RubyRule rule) {
        this.lambdas = lambdas;
        this.origin = origin;
        this.source = source;
        this.rule = rule;
    }

    @Override
    public Verdict judge(String stdout, String stderr, int status) {
        // Two tries: a runtime found broken during the first is replaced before the second.
        for (int attempt = 1; ; attempt++) {
            RubyRuntime runtime;
            try {
                runtime = lambdas.runtime();
            } catch (RubyLambdas.Unavailable e) {
                return Verdict.faulty(origin + " could not run: " + e.getMessage());
            }
            try {
                RubyRule current = rule;
                if (current.runtime() != runtime) {
                    TrafficLight recompiled = runtime.compile(origin, source);
                    if (!(recompiled instanceof RubyRule again)) {
                        return recompiled.judge(stdout, stderr, status);
                    }
                    rule = current = again;
                }
                return current.judge(stdout, stderr, status);
            } catch (RubyThreads.RuntimeBroken e) {
                lambdas.replace(runtime, e.getMessage());
                if (attempt == 2) {
                    return Verdict.faulty(origin + " could not run: the Ruby runtime failed twice in a row ("
                            + e.getMessage() + ")");
                }
            }
        }
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
