package org.warmpool.engine.cli;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.config.Settings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --pool IMAGE=N} and {@code --pool IMAGE=MIN..MAX}. */
class PoolFlagTest {

    @Test
    void aRangeMakesAReactivePoolStartingAtItsMin() {
        Settings.Pool pool = new Settings.Pool();
        ServeCommand.poolSize(pool, "warmpool/python-pytest", "1..6");
        assertThat(pool.min).isEqualTo(1);
        assertThat(pool.max).isEqualTo(6);
        assertThat(pool.target).isEqualTo(1);
        assertThat(pool.toPoolSettings().reactive()).isTrue();
    }

    @Test
    void aNumberMakesAPoolOfFixedSizeEvenWhereTheConfigHadARange() {
        Settings.Pool pool = new Settings.Pool();
        pool.min = 1;
        pool.max = 6;
        ServeCommand.poolSize(pool, "warmpool/busybox", "3");
        assertThat(pool.target).isEqualTo(3);
        assertThat(pool.toPoolSettings().reactive()).isFalse();
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        assertThatThrownBy(() -> ServeCommand.poolSize(new Settings.Pool(), "warmpool/busybox", "1-6"))
                .hasMessage("--pool warmpool/busybox=1-6: give a number of ready containers (warmpool/busybox=2) or a range"
                        + " for a pool that sizes itself (warmpool/busybox=1..6)");
    }

    @Test
    void serveSaysWhatIsWrongWithARangeAndExits2() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        int status;
        try {
            status = WarmpoolCli.execute("serve", "--config", "/nonexistent/config.json", "--pool", "warmpool/busybox=4..2");
        } finally {
            System.setErr(original);
        }
        assertThat(status).isEqualTo(2);
        assertThat(captured.toString()).contains("warmpool serve: ")
                .contains("the pool for warmpool/busybox: a reactive pool's min must be below its max, not 4..2");
    }
}
