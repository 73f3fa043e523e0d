package org.warmpool.engine.colour;

/**
 * One image's traffic-light rule, ready to colour runs. Obtained from {@link RubyLambdas}
 * once per image and then shared by every run of that image, from any number of threads.
 */
public interface TrafficLight {

    /**
     * Colours one run. Never throws: a rule that is missing, does not compile, raises, answers
     * something other than {@code :red}, {@code :amber} or {@code :green}, or takes too long gives a
     * {@linkplain Verdict#isFaulty() faulty} verdict whose reason names the rule's origin.
     *
     * @param stdout the run's standard output ({@code null} is taken as empty)
     * @param stderr the run's standard error ({@code null} is taken as empty)
     * @param status the exit status of {@code cyber-dojo.sh}
     */
    Verdict judge(String stdout, String stderr, int status);

    /** The rule's Ruby source as it was given, so that it can be shown; empty when the rule is missing. */
    String source();
}
