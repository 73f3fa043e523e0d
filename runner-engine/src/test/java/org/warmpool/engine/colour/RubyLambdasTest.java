package org.warmpool.engine.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * All the Ruby-backed behaviour shares one runtime, started once for the class: JRuby's start-up
 * costs seconds on a 2-core machine.
 */
class RubyLambdasTest {

    static final String PYTHON = "warmpool/python-pytest:/usr/local/bin/red_amber_green.rb";
    static final String BUSYBOX = "warmpool/busybox:/usr/local/bin/red_amber_green.rb";
    static final int THREADS = 4;

    static final String PYTEST_RULE = """
            lambda { |stdout, stderr, status|
              output = stdout + stderr
              return :red   if /(\\d+) failed/.match(output)
              return :amber if /SyntaxError|ImportError|ERROR collecting/.match(output)
              return :green if /(\\d+) passed/.match(output)
              return :amber
            }
            """;
    static final String STATUS_RULE = "lambda { |stdout, stderr, status| status == 0 ? :green : :red }";

    static RubyLambdas lambdas;

    @BeforeAll
    static void startRubyOnce() {
        lambdas = new RubyLambdas(Duration.ofSeconds(1), THREADS);
        long start = System.nanoTime();
        TrafficLight first = lambdas.compile(PYTHON, PYTEST_RULE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("first compile, including JRuby start-up: %d ms%n", millis);
        assertThat(first.judge("1 passed", "", 0)).as("first rule works").isEqualTo(Verdict.of(Colour.GREEN));
    }

    @AfterAll
    static void closeRuby() {
        TrafficLight compiledBefore = lambdas.compile(BUSYBOX, STATUS_RULE);
        long start = System.nanoTime();
        lambdas.close();
        System.out.printf("close(): %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertThat(compiledBefore.judge("", "", 0).fault()).as("a light compiled before close")
                .isEqualTo(BUSYBOX + " could not run: the Ruby runtime is closed");
    }

    static Verdict judge(String rule, String stdout) {
        return lambdas.compile(BUSYBOX, rule).judge(stdout, "", 0);
    }

    @Nested
    class ARuleColoursRuns {

        final TrafficLight pytest = lambdas.compile(PYTHON, PYTEST_RULE);

        @Test
        void failingTestsAreRed() {
            assertThat(pytest.judge("==== 1 failed, 2 passed in 0.03s ====", "", 1))
                    .as("one failure").isEqualTo(Verdict.of(Colour.RED));
        }

        @Test
        void codeThatDoesNotLoadIsAmber() {
            assertThat(pytest.judge("", "E   SyntaxError: invalid syntax", 2))
                    .as("syntax error on stderr").isEqualTo(Verdict.of(Colour.AMBER));
            assertThat(pytest.judge("nothing recognisable", "", 5))
                    .as("the rule's last resort").isEqualTo(Verdict.of(Colour.AMBER));
        }

        @Test
        void passingTestsAreGreen() {
            assertThat(pytest.judge("==== 3 passed in 0.01s ====", "", 0))
                    .as("all passing").isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void statusArrivesAsAnInteger() {
            TrafficLight byStatus = lambdas.compile(BUSYBOX, STATUS_RULE);

            assertThat(byStatus.judge("", "", 0)).as("status 0").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(byStatus.judge("", "", 1)).as("status 1").isEqualTo(Verdict.of(Colour.RED));
            assertThat(judge("lambda { |stdout,stderr,status| status.is_a?(Integer) ? :green : :red }", ""))
                    .as("status is an Integer").isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void aRuleMayLookAtStdoutOnly() {
            String rule = "lambda { |stdout, _stderr, _status| stdout.include?('OK') ? :green : :red }";

            assertThat(judge(rule, "OK (3 tests)")).as("OK").isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void aLambdaTakingAnyArgumentsOrAPlainProcIsAccepted() {
            assertThat(judge("lambda { |*args| args.size == 3 ? :green : :red }", ""))
                    .as("lambda with |*args|").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(judge("lambda { |stdout, stderr, status = 0| :green }", ""))
                    .as("lambda with an optional third").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(judge("proc { |stdout| stdout.empty? ? :amber : :red }", ""))
                    .as("proc taking stdout only, as Ruby drops the rest").isEqualTo(Verdict.of(Colour.AMBER));
        }

        @Test
        void aLightShowsTheSourceItWasCompiledFrom() {
            assertThat(pytest.source()).as("source").isEqualTo(PYTEST_RULE);
        }

        @Test
        void aRuleSavedWithAByteOrderMarkStillCompiles() {
            assertThat(judge("\uFEFF" + STATUS_RULE, "")).as("BOM").isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void helpersARuleDefinesStayWithThatRule() {
            TrafficLight first = lambdas.compile(BUSYBOX, "def colour; :red; end\nlambda { |o, e, s| colour }");
            TrafficLight second = lambdas.compile(PYTHON, "def colour; :green; end\nlambda { |o, e, s| colour }");

            assertThat(first.judge("", "", 0)).as("first rule's helper").isEqualTo(Verdict.of(Colour.RED));
            assertThat(second.judge("", "", 0)).as("second rule's helper").isEqualTo(Verdict.of(Colour.GREEN));
        }
    }

    @Nested
    class ABrokenRuleIsFaulty {

        @Test
        void whenTheImageHasNoRule() {
            TrafficLight light = RubyLambdas.missing(BUSYBOX);

            assertThat(light.judge("1 passed", "", 0))
                    .as("verdict").isEqualTo(Verdict.faulty("no traffic-light rule: " + BUSYBOX + " is missing"));
            assertThat(light.source()).as("source").isEmpty();
        }

        @Test
        void whenItDoesNotCompile() {
            Verdict verdict = judge("lambda { |stdout, stderr, status|\n  :red\n", "");

            assertThat(verdict.isFaulty()).as("faulty").isTrue();
            assertThat(verdict.fault()).as("reason")
                    .startsWith(BUSYBOX + " does not compile: syntax error")
                    .endsWith("(line 2)");
        }

        @Test
        void whenItIsNotALambda() {
            assertThat(judge("42", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " is not a lambda: it evaluates to 42 (Integer)");
            assertThat(judge("# nothing but a comment", "").fault()).as("reason for an empty rule")
                    .isEqualTo(BUSYBOX + " is not a lambda: it evaluates to nil (NilClass)");
        }

        @Test
        void whenTheLambdaTakesTwoArguments() {
            assertThat(judge("lambda { |a, b| :red }", "").fault()).as("reason")
                    .startsWith(BUSYBOX + " has arity 2, expected a lambda of 3 arguments");
        }

        @Test
        void whenTheLambdaCannotTakeAThirdArgument() {
            assertThat(judge("lambda { |a, b = 1| :red }", "").fault()).as("reason")
                    .startsWith(BUSYBOX + " has arity -2, expected a lambda of 3 arguments");
            assertThat(judge("lambda { |a, b, c, d| :red }", "").fault()).as("reason for four")
                    .startsWith(BUSYBOX + " has arity 4,");
        }

        @Test
        void whenItRaisesWhileLoading() {
            assertThat(judge("raise 'no rules today'", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " raised RuntimeError: no rules today (line 1) while loading");
        }

        @Test
        void whenTheLambdaRaises() {
            String rule = "lambda { |stdout, stderr, status|\n  status / 0\n}";

            assertThat(judge(rule, "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " raised ZeroDivisionError: divided by 0 (line 2)");
        }

        @Test
        void whenTheLambdaRaisesAHugeMessage() {
            String fault = judge("lambda { |stdout, stderr, status| raise stdout }", "x".repeat(50_000)).fault();

            assertThat(fault).as("reason").startsWith(BUSYBOX + " raised RuntimeError: xxx");
            assertThat(fault.length()).as("reason length").isLessThan(400);
        }

        @Test
        void whenTheLambdaAnswersAnotherSymbol() {
            assertThat(judge("lambda { |stdout, stderr, status| :blue }", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " returned :blue, expected :red, :amber or :green");
        }

        @Test
        void whenTheLambdaAnswersNil() {
            assertThat(judge("lambda { |stdout, stderr, status| nil }", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " returned nil, expected :red, :amber or :green");
        }

        @Test
        void whenTheLambdaAnswersAStringInsteadOfASymbol() {
            assertThat(judge("lambda { |stdout, stderr, status| 'green' }", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " returned \"green\", expected :red, :amber or :green");
        }

        @Test
        void whenTheLambdaRecursesForever() {
            assertThat(judge("def deeper(n) = deeper(n + 1)\nlambda { |o, e, s| deeper(0) }", "").fault())
                    .as("reason").startsWith(BUSYBOX + " raised SystemStackError");
        }

        @Test
        void whenAProcReturns() {
            assertThat(judge("proc { |stdout, stderr, status| return :green }", "").fault()).as("reason")
                    .isEqualTo(BUSYBOX + " raised LocalJumpError: unexpected return (line 1);"
                            + " write the rule as lambda { |stdout, stderr, status| ... }");
        }

        @Test
        void whenTheLambdaExitsAndTheEngineCarriesOn() {
            assertThat(judge("lambda { |o, e, s| exit 3 }", "").fault()).as("exit")
                    .isEqualTo(BUSYBOX + " raised SystemExit: exit (line 1)");
            assertThat(judge("lambda { |o, e, s| exit! }", "").fault()).as("exit!")
                    .isEqualTo(BUSYBOX + " called exit!");
            assertThat(judge(STATUS_RULE, "")).as("next run").isEqualTo(Verdict.of(Colour.GREEN));
        }
    }

    @Nested
    class ARuleThatRunsAway {
        // Rules that will not stop hold Ruby threads; on a loaded machine they may take a while to
        // be stopped. The next test (or class) must start with every thread free, not inherit them.
        @AfterEach
        void everyRubyThreadIsFreeAgain() {
            Stubborn.release();
            await("the runaway rules' Ruby threads to be stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> lambdas.callsInFlight() == 0);
        }

        @Test
        void isFaultyWithinTheTimeLimitAndStopsUsingACore() {
            TrafficLight loops = lambdas.compile(BUSYBOX, "lambda { |stdout, stderr, status| loop {} }");

            long start = System.nanoTime();
            Verdict verdict = loops.judge("", "", 0);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(verdict.fault()).as("reason").isEqualTo(BUSYBOX + " took over 1 s");
            // Not before the limit; the ceiling only catches a caller held until the rule ends (never,
            // here) and stays far above what a loaded machine adds to the limit.
            assertThat(millis).as("time the caller waited, ms").isBetween(1_000L, 10_000L);
            await("the looping Ruby thread to be stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> lambdas.callsInFlight() == 0);
            assertThat(judge(STATUS_RULE, "")).as("next run").isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void isStoppedEvenWhenItLoopsAgainInEnsure() {
            String rule = "lambda { |o, e, s| begin; loop {}; rescue Exception; :green; ensure; loop {}; end }";

            assertThat(judge(rule, "").fault()).as("reason").isEqualTo(BUSYBOX + " took over 1 s");
            await("the looping Ruby thread to be stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> lambdas.callsInFlight() == 0);
        }

        @Test
        void isStoppedInACatastrophicallyBacktrackingRegexp() {
            String rule = "lambda { |stdout, stderr, status| /(a+)+$/ =~ stdout ? :red : :green }";

            assertThat(judge(rule, "a".repeat(40) + "b").fault()).as("reason").isEqualTo(BUSYBOX + " took over 1 s");
            await("the matching Ruby thread to be stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> lambdas.callsInFlight() == 0);
        }

        @Test
        void isFaultyWhenItLoopsWhileLoading() {
            assertThat(lambdas.compile(BUSYBOX, "loop {}").judge("", "", 0).fault()).as("reason")
                    .isEqualTo(BUSYBOX + " took over 1 s while loading");
            await("the looping Ruby thread to be stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> lambdas.callsInFlight() == 0);
        }

        @Test
        void canHoldNoMoreThanTheThreadLimitEvenWhenItIgnoresBeingStopped() throws Exception {
            // Waits in Java, deaf to Thread#kill, until the test releases it: no race with the clock
            // (a rule that only swallowed the kill in Ruby could still be stopped between two checks).
            Stubborn.arm();
            TrafficLight stubborn = lambdas.compile(BUSYBOX,
                    "lambda { |stdout, stderr, status| Java::OrgWarmpoolEngineColour::Stubborn.hold; :green }");
            TrafficLight byStatus = lambdas.compile(BUSYBOX, STATUS_RULE);
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Verdict>> stuck = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    stuck.add(callers.submit(() -> stubborn.judge("", "", 0)));
                }
                for (Future<Verdict> verdict : stuck) {
                    assertThat(verdict.get().fault()).as("each stubborn call").isEqualTo(BUSYBOX + " took over 1 s");
                }
                // On a heavily loaded machine a call can time out before its thread ever ran the rule;
                // it then returns its thread unused, and there is no stubborn rule holding it to test.
                org.junit.jupiter.api.Assumptions.assumeTrue(lambdas.callsInFlight() == THREADS,
                        "every stubborn call got as far as running its rule (" + lambdas.callsInFlight() + " of " + THREADS + ")");

                assertThat(byStatus.judge("", "", 0).fault()).as("a call while every thread is held")
                        .isEqualTo(BUSYBOX + " could not run: all " + THREADS
                                + " Ruby threads stayed busy for 1 s, held by rules that are slow or would not stop");
                Stubborn.release();
                await("the stubborn calls to end by themselves").atMost(Duration.ofSeconds(60))
                        .until(() -> lambdas.callsInFlight() == 0);
                assertThat(byStatus.judge("", "", 0)).as("a call once they have ended").isEqualTo(Verdict.of(Colour.GREEN));
            } finally {
                Stubborn.release();
                callers.shutdownNow();
            }
        }
    }

    @Nested
    class ManyThreads {

        @Test
        void judgingFromEightThreadsAtOnceGivesEveryRunItsOwnColour() throws Exception {
            TrafficLight pytest = lambdas.compile(PYTHON, PYTEST_RULE);
            TrafficLight byStatus = lambdas.compile(BUSYBOX, STATUS_RULE);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<CompletableFuture<List<String>>> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    threads.add(CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        List<String> wrong = new ArrayList<>();
                        for (int call = 0; call < 200; call++) {
                            int n = thread * 1000 + call;
                            Colour expected = Colour.values()[n % 3];
                            String stdout = switch (expected) {
                                case RED -> n + " failed, 1 passed";
                                case AMBER -> "ImportError while loading " + n;
                                case GREEN -> n + " passed";
                            };
                            Verdict fromOutput = pytest.judge(stdout, "", 0);
                            Verdict fromStatus = byStatus.judge("", "", n % 2);
                            if (!fromOutput.equals(Verdict.of(expected))) {
                                wrong.add(stdout + " -> " + fromOutput);
                            }
                            if (!fromStatus.equals(Verdict.of(n % 2 == 0 ? Colour.GREEN : Colour.RED))) {
                                wrong.add("status " + n % 2 + " -> " + fromStatus);
                            }
                        }
                        return wrong;
                    }, callers));
                }
                go.countDown();
                for (CompletableFuture<List<String>> thread : threads) {
                    assertThat(thread.get()).as("wrong verdicts on one thread").isEmpty();
                }
            } finally {
                callers.shutdownNow();
            }
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Nested
    class Output {

        @Test
        void unicodeOutputArrivesAsAValidUtf8RubyString() {
            String rule = """
                    lambda { |stdout, stderr, status|
                      return :amber unless stdout.encoding == Encoding::UTF_8 && stdout.valid_encoding?
                      /☃ café (\\d+) passed/ =~ stdout ? :green : :red
                    }
                    """;

            assertThat(judge(rule, "😀 ☃ café 3 passed — ✓")).as("unicode").isEqualTo(Verdict.of(Colour.GREEN));
            assertThat(judge(rule, "lone \uD800 surrogate ☃ café 1 passed")).as("a lone surrogate")
                    .isEqualTo(Verdict.of(Colour.GREEN));
        }

        @Test
        void fiftyKilobytesOfOutputAreJudgedWhole() {
            String stdout = ("é".repeat(99) + "\n").repeat(512) + "1 failed";
            String rule = "lambda { |stdout, stderr, status| stdout.length == " + stdout.length()
                    + " && /(\\d+) failed\\z/ =~ stdout ? :red : :amber }";

            assertThat(stdout.length()).as("characters").isGreaterThan(51_200);
            assertThat(judge(rule, stdout)).as("verdict").isEqualTo(Verdict.of(Colour.RED));
        }

        @Test
        void whatARulePrintsStaysOutOfTheEnginesOwnOutput() {
            PrintStream engineOut = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertThat(judge("lambda { |o, e, s| puts 'debugging my rule'; $stdout.flush; :green }", ""))
                        .as("verdict").isEqualTo(Verdict.of(Colour.GREEN));
            } finally {
                System.setOut(engineOut);
            }
            // It may reach the console through the engine's log, but never as a bare line of its own.
            assertThat(captured.toString(StandardCharsets.UTF_8).lines()).as("engine's stdout")
                    .doesNotContain("debugging my rule");
        }

        @Test
        void nullOutputIsTakenAsEmpty() {
            assertThat(lambdas.compile(PYTHON, PYTEST_RULE).judge(null, null, 0))
                    .as("no output").isEqualTo(Verdict.of(Colour.AMBER));
        }
    }

    @Nested
    class Cost {

        @Test
        void oneJudgementOnAWarmRuntimeIsCheap() {
            TrafficLight pytest = lambdas.compile(PYTHON, PYTEST_RULE);
            String stdout = "============ 1 failed, 41 passed in 0.42s ============\n".repeat(20);
            for (int i = 0; i < 500; i++) {
                pytest.judge(stdout, "", 1);
            }
            int calls = 2_000;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                pytest.judge(stdout, "", 1);
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / calls;

            System.out.printf("one judge() on a warm runtime: %.0f µs (mean of %d)%n", micros, calls);
            assertThat(pytest.judge(stdout, "", 1)).as("still red").isEqualTo(Verdict.of(Colour.RED));
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void rubyDoesNotStartUntilARuleIsCompiled() {
            RubyLambdas unused = new RubyLambdas();
            RubyLambdas.missing(BUSYBOX).judge("", "", 0);

            assertThat(unused.isStarted()).as("started?").isFalse();
            unused.close();
            assertThatThrownBy(() -> unused.compile(BUSYBOX, STATUS_RULE)).as("compile after close")
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theTimeLimitAndThreadCountMustBePositive() {
            assertThatThrownBy(() -> new RubyLambdas(Duration.ZERO)).as("zero time limit")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new RubyLambdas(Duration.ofSeconds(1), 0)).as("no threads")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
