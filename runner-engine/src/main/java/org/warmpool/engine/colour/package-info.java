/**
 * Traffic-light rules: each image's {@code red_amber_green.rb} lambda, compiled once when its pool is
 * prepared ({@link org.warmpool.engine.colour.RubyLambdas#compile}) and asked for every run's
 * {@link org.warmpool.engine.colour.Colour} ({@link org.warmpool.engine.colour.TrafficLight#judge}).
 * A rule that cannot answer gives a faulty {@link org.warmpool.engine.colour.Verdict} with a reason,
 * never an exception.
 */
package org.warmpool.engine.colour;
