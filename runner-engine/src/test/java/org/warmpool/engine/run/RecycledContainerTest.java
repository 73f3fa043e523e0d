package org.warmpool.engine.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.engine.DemoImages.BUSYBOX;
import static org.warmpool.engine.DemoImages.PYTHON_PYTEST;

/**
 * A recycling pool of ONE container: whatever a submission leaves anywhere it can is gone for the
 * next one, on the same container; and what it cannot be trusted after (a loop killed at its
 * deadline, a fork bomb) makes the pool replace it, the next run green.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecycledContainerTest {
    Engine engine;

    @BeforeAll
    void start() {
        engine = Engine.start(EngineConfig.defaults()
                .withPool(BUSYBOX, PoolSettings.withTarget(1).recycle(true))
                .withPool(PYTHON_PYTEST, PoolSettings.withTarget(1).recycle(true)));
        await().atMost(Duration.ofSeconds(120)).until(engine::ready);
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    RunResult run(String image, String script, int maxSeconds) {
        return engine.run(new RunRequest("recycled", image, maxSeconds, DemoImages.script(script), false)).join();
    }

    RunResult whenReady(String image, String script) {
        await("the pool's one container ready").atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(image).ready() == 1);
        return run(image, script, 10);
    }

    @Test
    void theSameContainerServesTheNextRunAndNothingTheFirstLeftReachesIt() {
        RunResult first = whenReady(BUSYBOX, """
                echo secret > /sandbox/left.txt; mkdir -p /sandbox/deep/er; echo x > /sandbox/deep/er/f; chmod 000 /sandbox/deep
                echo secret > /tmp/left.txt; echo secret > /dev/shm/left.txt; echo secret > /sandbox/.hidden
                export LEAKED=yes; echo 'export LEAKED=yes' >> /sandbox/.profile
                setsid nohup sleep 1000 >/dev/null 2>&1 &
                nohup sh -c 'while :; do sleep 1; done' >/dev/null 2>&1 &
                echo started""");
        assertThat(first.stdout().content()).as("first run").contains("started");

        RunResult second = whenReady(BUSYBOX, """
                ls -A /sandbox; echo ---; ls -A /tmp | grep -v '^.warmpool$'; echo ---; ls -A /dev/shm; echo ---
                ps -o user,args | grep -v 'ps -o\\|grep\\|cyber-dojo.sh\\|^USER' ; echo ---; echo "LEAKED=${LEAKED:-}" """);

        assertThat(second.containerId()).as("served by the same container").isEqualTo(first.containerId());
        String[] parts = second.stdout().content().split("---\n", -1);
        assertThat(parts[0].lines()).as("/sandbox holds only this run's files").containsExactly("cyber-dojo.sh");
        assertThat(parts[1]).as("/tmp").isBlank();
        assertThat(parts[2]).as("/dev/shm").isBlank();
        assertThat(parts[3]).as("processes left from the first run").doesNotContain("sleep 1000").doesNotContain("while");
        assertThat(parts[4].strip()).as("environment").isEqualTo("LEAKED=");
    }

    @Test
    void sysVSharedMemoryDoesNotOutliveItsRun() {
        String make = "python3 -c \"import ctypes; libc = ctypes.CDLL(None); print('id', libc.shmget(0x5eed, 4096, 0o1666))\"";
        RunResult first = whenReady(PYTHON_PYTEST, make);
        assertThat(first.stdout().content()).as("a segment was made").matches("(?s)id \\d+\\s*");

        RunResult second = whenReady(PYTHON_PYTEST, "cat /proc/sysvipc/shm | wc -l");
        assertThat(second.containerId()).as("served by the same container").isEqualTo(first.containerId());
        assertThat(second.stdout().content().strip()).as("lines of /proc/sysvipc/shm: the header only").isEqualTo("1");
    }

    @Test
    void aLoopIsTimedOutNearItsLimitAndTheNextRunIsServed() {
        await("the pool's one container ready").atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().pool(BUSYBOX).ready() == 1);
        RunResult shortLoop = run(BUSYBOX, "while :; do :; done", 2);
        assertThat(shortLoop.outcome()).as("the loop").isEqualTo(Outcome.TIMED_OUT);
        // never before its limit; the ceiling only catches a deadline left to the backstop
        assertThat(shortLoop.timings().exec()).as("ms in the container").isGreaterThanOrEqualTo(1900).isLessThan(2000 + 5000);

        RunResult next = whenReady(BUSYBOX, "echo served");
        assertThat(next.outcome()).as("the next run").isEqualTo(Outcome.GREEN);
        assertThat(next.containerId()).as("by a replacement").isNotEqualTo(shortLoop.containerId());
    }

    @Test
    void afterAForkBombTheNextRunIsGreen() {
        RunResult bomb = whenReady(BUSYBOX, "bomb() { bomb | bomb & }; bomb; sleep 2");
        assertThat(bomb.outcome()).as("the bomb").isIn(Outcome.TIMED_OUT, Outcome.RED, Outcome.GREEN, Outcome.AMBER);

        RunResult next = whenReady(BUSYBOX, "echo still here");
        assertThat(next.outcome()).as("the next run").isEqualTo(Outcome.GREEN);
        assertThat(next.stdout().content()).isEqualTo("still here\n");
        assertThat(next.containerId()).as("by a replacement: a fork bomb's container is not trusted again")
                .isNotEqualTo(bomb.containerId());
    }
}
