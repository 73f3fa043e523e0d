package org.warmpool.app.engines;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineEvent;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.app.engines.EngineSnapshots.SIX_PM;
import static org.warmpool.app.engines.EngineSnapshots.at;
import static org.warmpool.app.engines.EngineSnapshots.down;
import static org.warmpool.app.engines.EngineSnapshots.lacking;
import static org.warmpool.app.engines.EngineSnapshots.up;

/** The Engines tab's model, fed snapshots and events as the console's pump feeds it. */
class EnginesViewModelTest {
    static final String LOCAL = "unix:///var/run/docker.sock";
    static final String DIND2 = "unix:///var/run/warmpool-test-2.sock";
    final EnginesViewModel model = new EnginesViewModel(ZoneOffset.UTC);

    @Test
    void everyEngineHasARowInTheOrderTheyWereNamedWithWhatDockerInfoSaid() {
        model.update(at(0, List.of(), up("local", LOCAL, 2, 1, 1.5, 42), up("dind-2", DIND2, 1, 0, 0.3, 7)), List.of());

        assertThat(model.rows()).extracting(EngineRow::name).containsExactly("local", "dind-2");
        EngineRow local = model.find("local");
        assertThat(local.healthProperty().get()).isEqualTo("up");
        assertThat(local.uriProperty().get()).isEqualTo(LOCAL);
        assertThat(local.versionProperty().get()).isEqualTo("Docker 24.0.5");
        assertThat(local.capacityProperty().get()).isEqualTo("2 cores · 4.0 GB");
        assertThat(local.containersProperty().get())
                .isEqualTo("starting 0 · ready 2 · claimed 0 · running 1 · recycling 0 · retiring 0");
        assertThat(local.runsProperty().get()).isEqualTo("1.5 runs/s · 42 runs so far");
        assertThat(local.lastErrorProperty().get()).as("an engine that never failed").isEmpty();
        assertThat(local.sinceProperty().get()).isEqualTo("since 18:00:00 · just now");
        assertThat(model.summaryProperty().get()).isEqualTo("2 engines · 2 up · 1.8 runs/s");
    }

    @Test
    void anEngineThatGoesDownShowsDownWithItsErrorFromTheMomentItsEventSays() {
        model.update(at(0, List.of(), up("local", LOCAL, 2, 0, 0, 0), up("dind-2", DIND2, 1, 0, 0, 0)), List.of());

        String error = "Cannot connect to the Docker daemon at unix:///var/run/warmpool-test-2.sock";
        model.update(at(95, List.of(), up("local", LOCAL, 3, 0, 0, 0), down("dind-2", DIND2, error, 5)),
                List.of(new EngineEvent.EngineDown(SIX_PM.plusSeconds(62), "dind-2", error)));

        EngineRow dind = model.find("dind-2");
        assertThat(dind.upProperty().get()).isFalse();
        assertThat(dind.healthProperty().get()).isEqualTo("down");
        assertThat(dind.sinceProperty().get()).as("dated by the event, not the frame").isEqualTo("since 18:01:02 · 33 s");
        assertThat(dind.lastErrorProperty().get()).isEqualTo("error: " + error);
        assertThat(dind.containersProperty().get()).as("nothing counted on an engine that does not answer")
                .isEqualTo("starting 0 · ready 0 · claimed 0 · running 0 · recycling 0 · retiring 0");
        assertThat(model.summaryProperty().get()).isEqualTo("2 engines · 1 up · 1 down · 0.0 runs/s");
    }

    @Test
    void anEngineBackUpKeepsItsLastErrorSaidAsPast() {
        String error = "connection refused";
        model.update(at(0, List.of(), down("dind-2", DIND2, error, 0)), List.of());
        model.update(at(300, List.of(), new org.warmpool.engine.api.EngineStatus("dind-2", DIND2, true, error, "24.0.5", 2,
                        4 * EngineSnapshots.GB, java.util.Map.of(), 0, 0, List.of(), List.of())),
                List.of(new EngineEvent.EngineUp(SIX_PM.plusSeconds(240), "dind-2", "24.0.5")));

        EngineRow dind = model.find("dind-2");
        assertThat(dind.healthProperty().get()).isEqualTo("up");
        assertThat(dind.sinceProperty().get()).isEqualTo("since 18:04:00 · 1 min");
        assertThat(dind.lastErrorProperty().get()).isEqualTo("last error (it came back): " + error);
    }

    @Test
    void aChangeWhoseEventWasDroppedIsDatedByTheFirstSnapshotThatShowsIt() {
        model.update(at(0, List.of(), up("dind-2", DIND2, 1, 0, 0, 0)), List.of());
        model.update(at(10, List.of(), up("dind-2", DIND2, 1, 0, 0, 0)), List.of());
        assertThat(model.find("dind-2").sinceProperty().get()).as("unchanged: still since first seen").isEqualTo("since 18:00:00 · 10 s");

        model.update(at(7200 + 300, List.of(), down("dind-2", DIND2, "gone", 0)), List.of());

        assertThat(model.find("dind-2").sinceProperty().get()).isEqualTo("since 20:05:00 · just now");
    }

    @Test
    void anEngineThatLacksAPoolsImageSaysSoAndWhereToCopyIt() {
        model.update(at(0, List.of(), lacking(up("dind-3", "context:lab-3", 0, 0, 0, 0), "warmpool/python-pytest")), List.of());

        assertThat(model.find("dind-3").missingProperty().get()).isEqualTo("lacks warmpool/python-pytest — its share of that pool"
                + " goes to the other engines (Images: Copy to engine…)");
    }

    @Test
    void anEngineNotYetAnsweredSaysItsFiguresAreNotKnownRatherThanZero() {
        model.update(at(0, List.of(), new org.warmpool.engine.api.EngineStatus("far", "tcp://10.0.0.9:2376", false,
                "TLS handshake failed", "", 0, 0, java.util.Map.of(), 0, 0, List.of(), List.of())), List.of());

        EngineRow far = model.find("far");
        assertThat(far.versionProperty().get()).isEqualTo("Docker: not known yet (it has not answered)");
        assertThat(far.capacityProperty().get()).isEqualTo("cores and memory: not known yet");
    }

    @Test
    void rowsAreKeptAcrossFramesAndAnEngineNoLongerNamedGoes() {
        model.update(at(0, List.of(), up("local", LOCAL, 0, 0, 0, 0), up("dind-2", DIND2, 0, 0, 0, 0)), List.of());
        EngineRow local = model.find("local");
        model.update(at(1, List.of(), up("local", LOCAL, 1, 0, 0, 0)), List.of());

        assertThat(model.rows()).containsExactly(local);
        assertThat(model.find("dind-2")).isNull();
        model.update(at(2, List.of()), List.of());
        assertThat(model.rows()).isEmpty();
        assertThat(model.summaryProperty().get()).isEqualTo(EnginesViewModel.NO_ENGINES);
    }

    @Test
    void durationsReadAsAnOperatorSaysThem() {
        assertThat(EngineRow.forHowLong(java.time.Duration.ofSeconds(7500))).isEqualTo("2 h 5 min");
        assertThat(EngineRow.memory(512L * 1024 * 1024)).isEqualTo("512 MB");
    }
}
