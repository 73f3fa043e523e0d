package org.warmpool.engine.colour;

import java.util.Objects;

/** A rule that cannot colour anything; every run gets the same reason. */
final class FaultyLight implements TrafficLight {

    private final String source;
    private final Verdict verdict;

    FaultyLight(String source, String reason) {
        this.source = Objects.requireNonNull(source, "source");
        this.verdict = Verdict.faulty(reason);
    }

    @Override
    public Verdict judge(String stdout, String stderr, int status) {
        return verdict;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "TrafficLight[" + verdict.fault() + "]";
    }
}
