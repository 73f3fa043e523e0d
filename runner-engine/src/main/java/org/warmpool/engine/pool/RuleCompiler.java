package org.warmpool.engine.pool;

import org.warmpool.engine.colour.TrafficLight;

/**
 * Turns a traffic-light rule's Ruby source into a light: {@code RubyLambdas::compile} in the
 * engine; unit tests of the pools give a plain Java light and never start Ruby.
 */
@FunctionalInterface
public interface RuleCompiler {
    /** Never throws for a bad rule: the light then judges every run faulty, with the reason. */
    TrafficLight compile(String origin, String source);
}
