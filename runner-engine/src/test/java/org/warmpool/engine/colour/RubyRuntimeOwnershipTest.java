package org.warmpool.engine.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Ruby runtime under the rules belongs to one engine, and an engine whose runtime breaks keeps
 * colouring runs. Several engines live in one JVM (the console's, tests', a replay's).
 */
class RubyRuntimeOwnershipTest {

    static final String ORIGIN = "warmpool/busybox:/usr/local/bin/red_amber_green.rb";
    static final String STATUS_RULE = "lambda { |stdout, stderr, status| status == 0 ? :green : :red }";
    static final String STUBBORN_RULE =
            "lambda { |stdout, stderr, status| Java::OrgWarmpoolEngineColour::Stubborn.hold; :green }";

    /** What JRuby threw when asked to kill a thread on a runtime that another engine had torn down. */
    static final RuntimeException BROKEN_KILL =
            new NullPointerException("Cannot read field \"runtime\" because \"this.metaClass\" is null");

    @AfterEach
    void releaseStubbornRules() {
        Stubborn.release();
    }

    @Test
    void anotherEngineClosingItsRulesLeavesThisEnginesRulesColouringAndStoppingRunaways() {
        try (RubyLambdas mine = new RubyLambdas(Duration.ofSeconds(1), 2)) {
            TrafficLight light = mine.compile(ORIGIN, STATUS_RULE);
            TrafficLight loops = mine.compile(ORIGIN, "lambda { |o, e, s| loop {} }");

            RubyLambdas other = new RubyLambdas(Duration.ofSeconds(1), 2);
            other.compile(ORIGIN, STATUS_RULE);
            other.close();

            assertThat(light.judge("", "", 0)).as("a healthy rule after the other engine closed")
                    .isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(loops.judge("", "", 0).fault()).as("a runaway rule").isEqualTo(ORIGIN + " took over 1 s");
            await("the runaway to be stopped").atMost(Duration.ofSeconds(30)).until(() -> mine.callsInFlight() == 0);
            assertThat(mine.compile(ORIGIN, STATUS_RULE).judge("", "", 1)).as("a rule compiled afterwards")
                    .isEqualTo(Verdict.of(Colour.RED));
            assertThat(mine.runtimesStarted()).as("runtimes this engine started").isEqualTo(1);
        }
    }

    @Test
    void aKillThatFailsRetiresTheRuntimeAndEveryRuleColoursOnAFreshOne() {
        List<String> notices = new CopyOnWriteArrayList<>();
        AtomicInteger kills = new AtomicInteger();
        RubyThreads.Killer failsTheFirstTime = thread -> {
            if (kills.getAndIncrement() == 0) {
                throw BROKEN_KILL;
            }
            thread.kill();
        };
        try (RubyLambdas lambdas = new RubyLambdas(Duration.ofSeconds(1), 2, notices::add, failsTheFirstTime)) {
            TrafficLight healthy = lambdas.compile(ORIGIN, STATUS_RULE);
            TrafficLight loops = lambdas.compile(ORIGIN, "lambda { |o, e, s| loop {} }");

            assertThat(loops.judge("", "", 0).fault()).as("the runaway's verdict").isEqualTo(ORIGIN + " took over 1 s");
            await("the engine to notice the failed kill").atMost(Duration.ofSeconds(30)).until(() -> !notices.isEmpty());

            assertThat(notices).as("what the console is told").singleElement().asString()
                    .contains("The Ruby runtime that colours runs failed")
                    .contains("stopping " + ORIGIN + ", which overran its time limit, failed")
                    .contains("this.metaClass");
            assertThat(healthy.judge("", "", 0)).as("a healthy rule compiled before, status 0").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(healthy.judge("", "", 1)).as("the same rule, status 1").isEqualTo(Verdict.of(Colour.RED));
            assertThat(lambdas.runtimesStarted()).as("runtimes started").isEqualTo(2);
            await("the runaway, on the retired runtime, to be stopped").atMost(Duration.ofSeconds(30))
                    .until(() -> lambdas.callsInFlight() == 0);
        }
    }

    @Test
    void aRunawayThatCannotBeStoppedKeepsTheRetiredRuntimeWhileHealthyRulesColourOnTheNewOne() {
        List<String> notices = new CopyOnWriteArrayList<>();
        RubyThreads.Killer alwaysFails = thread -> {
            throw BROKEN_KILL;
        };
        Stubborn.arm();
        try (RubyLambdas lambdas = new RubyLambdas(Duration.ofSeconds(1), 2, notices::add, alwaysFails)) {
            TrafficLight healthy = lambdas.compile(ORIGIN, STATUS_RULE);
            TrafficLight stubborn = lambdas.compile(ORIGIN, STUBBORN_RULE);

            assertThat(stubborn.judge("", "", 0).fault()).as("the stubborn rule's verdict").isEqualTo(ORIGIN + " took over 1 s");
            await("the engine to notice the failed kill").atMost(Duration.ofSeconds(30)).until(() -> !notices.isEmpty());

            for (int run = 0; run < 20; run++) {
                assertThat(healthy.judge("", "", run % 2)).as("healthy rule, run %d, while the runaway holds a thread", run)
                        .isEqualTo(Verdict.of(run % 2 == 0 ? Colour.GREEN : Colour.RED));
            }
            // A call that has just answered leaves the in-flight count an instant later.
            await("only the runaway in flight, on the retired runtime").atMost(Duration.ofSeconds(30))
                    .until(() -> lambdas.callsInFlight() == 1);

            Stubborn.release();
            await("the runaway to end by itself").atMost(Duration.ofSeconds(30)).until(() -> lambdas.callsInFlight() == 0);
            assertThat(healthy.judge("", "", 0)).as("after it ended").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(lambdas.runtimesStarted()).as("runtimes started").isEqualTo(2);
        }
    }

    @Test
    void theThreadLimitHoldsAcrossRuntimes() {
        RubyThreads.Killer alwaysFails = thread -> {
            throw BROKEN_KILL;
        };
        Stubborn.arm();
        try (RubyLambdas lambdas = new RubyLambdas(Duration.ofSeconds(1), 1, reason -> { }, alwaysFails)) {
            TrafficLight healthy = lambdas.compile(ORIGIN, STATUS_RULE);
            TrafficLight stubborn = lambdas.compile(ORIGIN, STUBBORN_RULE);

            assertThat(stubborn.judge("", "", 0).fault()).as("the stubborn rule").isEqualTo(ORIGIN + " took over 1 s");
            org.junit.jupiter.api.Assumptions.assumeTrue(lambdas.callsInFlight() == 1,
                    "the stubborn call got as far as running its rule");

            assertThat(healthy.judge("", "", 0).fault()).as("with the only thread held by a runaway on the retired runtime")
                    .isEqualTo(ORIGIN + " could not run: all 1 Ruby threads stayed busy for 1 s,"
                            + " held by rules that are slow or would not stop");
            Stubborn.release();
            await("the runaway to end").atMost(Duration.ofSeconds(30)).until(() -> lambdas.callsInFlight() == 0);
            assertThat(healthy.judge("", "", 0)).as("once it ended").isEqualTo(Verdict.of(Colour.GREEN));
        }
    }
}
