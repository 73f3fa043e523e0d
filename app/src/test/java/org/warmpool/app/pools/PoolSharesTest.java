package org.warmpool.app.pools;

import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.EngineStatus;
import org.warmpool.engine.api.PoolShare;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.engines.EngineSnapshots.at;
import static org.warmpool.app.engines.EngineSnapshots.down;
import static org.warmpool.app.engines.EngineSnapshots.lacking;
import static org.warmpool.app.engines.EngineSnapshots.up;

/** A pool card's line of engines: each engine's part of the pool, and the engines that have none and why. */
class PoolSharesTest {
    static final String BUSYBOX = "warmpool/busybox";
    final PoolsViewModel model = new PoolsViewModel(new Fakes.FakePools(), null, Runnable::run, Runnable::run);

    static PoolSnapshot spread(int target, PoolShare... shares) {
        int ready = List.of(shares).stream().mapToInt(PoolShare::ready).sum();
        return Fakes.pool(BUSYBOX, target, ready, 0).withEngines(List.of(shares));
    }

    static PoolShare share(String engine, int target, int ready) {
        return new PoolShare(engine, target, ready, target - ready, 0, PoolState.READY, "");
    }

    PoolRow row() {
        return model.rows().get(0);
    }

    @Test
    void eachEngineShowsItsReadyContainersOfItsShare() {
        EngineStatus local = up("local", "unix:///var/run/docker.sock", 2, 0, 0, 0);
        EngineStatus dind = up("dind-2", "unix:///var/run/warmpool-test-2.sock", 1, 0, 0, 0);

        model.update(at(1, List.of(spread(4, share("local", 2, 2), share("dind-2", 2, 1))), local, dind));

        assertThat(row().sharesProperty().get()).isEqualTo("ready by engine: local 2/2 · dind-2 1/2");
        assertThat(row().sharesDetailProperty().get()).isEqualTo("local: target 2 · ready 2 · starting 0 · running 0\n"
                + "dind-2: target 2 · ready 1 · starting 1 · running 0");
    }

    @Test
    void anEngineThatGoesDownShowsDownAndItsShareMovesToTheOthers() {
        EngineStatus local = up("local", "unix:///var/run/docker.sock", 2, 0, 0, 0);
        model.update(at(1, List.of(spread(4, share("local", 2, 2), share("dind-2", 2, 2))), local,
                up("dind-2", "unix:///var/run/warmpool-test-2.sock", 2, 0, 0, 0)));

        model.update(at(30, List.of(spread(4, share("local", 4, 2), new PoolShare("dind-2", 0, 0, 0, 0, PoolState.READY,
                "the engine does not answer: connection refused"))), local,
                down("dind-2", "unix:///var/run/warmpool-test-2.sock", "connection refused", 0)));

        assertThat(row().sharesProperty().get()).isEqualTo("ready by engine: local 2/4 · dind-2 down");
        assertThat(row().sharesDetailProperty().get()).endsWith("dind-2: down, its share goes to the others (connection refused)");
    }

    @Test
    void anEngineWithoutThePoolsImageIsMarked() {
        EngineStatus local = up("local", "unix:///var/run/docker.sock", 2, 0, 0, 0);
        EngineStatus bare = lacking(up("dind-3", "unix:///var/run/warmpool-test-3.sock", 0, 0, 0, 0), BUSYBOX);

        model.update(at(1, List.of(spread(2, share("local", 2, 2))), local, bare));

        assertThat(row().sharesProperty().get()).isEqualTo("ready by engine: local 2/2 · dind-3 no image ✕");
        assertThat(row().sharesDetailProperty().get()).endsWith("dind-3: lacks warmpool/busybox, its share goes to the others"
                + " (Images: Copy to engine…)");
    }

    @Test
    void oneEngineAloneSaysNothingAboutEngines() {
        model.update(at(1, List.of(spread(2, share("local", 2, 2))), up("local", "unix:///var/run/docker.sock", 2, 0, 0, 0)));

        assertThat(row().sharesProperty().get()).isEmpty();
    }
}
