package org.warmpool.app.room;

import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.warmpool.app.Fakes;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomRun;
import org.warmpool.engine.api.RoomSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The Room tab's view model with a fake room: no engine, no screen. */
class RoomViewModelTest {
    static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
    static final Executor NOW = Runnable::run;

    final Fakes.FakeRoom room = new Fakes.FakeRoom();
    final AtomicReference<Instant> clock = new AtomicReference<>(T0.plus(Duration.ofMinutes(10)));
    final List<ReplayItem> replayed = new ArrayList<>();
    final RoomViewModel model = new RoomViewModel(room, NOW, NOW, replayed::addAll, clock::get);

    static Light light(long seq, int minute, Outcome outcome) {
        return new Light(seq, T0.plus(Duration.ofMinutes(minute)), "warmpool/busybox", outcome, 120);
    }

    static RoomRow row(String who, long version, Light... lights) {
        return new RoomRow(who, List.of(lights), version);
    }

    void roomIs(long version, RoomRow... rows) {
        room.snapshot = new RoomSnapshot(version, T0, "", List.of(rows));
    }

    @Test
    void aRowPerParticipantWithTheirLightsCountsAndHowLongAgo() {
        roomIs(3, row("alice", 3, light(1, 0, Outcome.RED), light(4, 2, Outcome.AMBER), light(7, 4, Outcome.GREEN)),
                row("bob", 2, light(2, 1, Outcome.RED), light(5, 3, Outcome.TIMED_OUT)));

        model.update();

        assertThat(model.shown()).extracting(ParticipantRow::name).containsExactly("alice", "bob");
        ParticipantRow alice = model.rows().get(0);
        assertThat(alice.rowProperty().get().lights()).extracting(Light::outcome)
                .containsExactly(Outcome.RED, Outcome.AMBER, Outcome.GREEN);
        assertThat(alice.countsProperty().get()).isEqualTo("1 red · 1 amber · 1 green");
        assertThat(alice.lastRunProperty().get()).isEqualTo("last run 6 min ago");
        assertThat(alice.lastGreenProperty().get()).isEqualTo("green 6 min ago");
        ParticipantRow bob = model.rows().get(1);
        assertThat(bob.countsProperty().get()).isEqualTo("1 red · 0 amber · 0 green · 1 timed out");
        assertThat(bob.lastGreenProperty().get()).isEqualTo("no green yet");
        assertThat(model.summaryProperty().get()).startsWith("2 participants · 5 lights · session since ");
    }

    @Test
    void aRunChangesOneRowAndNeverRebuildsTheList() {
        List<RoomRow> rows = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            List<Light> lights = new ArrayList<>();
            for (int r = 0; r < 60; r++) {
                lights.add(light(p * 100L + r, r / 10, Outcome.values()[r % 3]));
            }
            rows.add(new RoomRow(String.format("p%02d", p), lights, 1));
        }
        room.snapshot = new RoomSnapshot(1, T0, "", rows);
        model.update();
        List<ParticipantRow> before = List.copyOf(model.rows());
        List<ListChangeListener.Change<? extends ParticipantRow>> changes = new ArrayList<>();
        model.shown().addListener((ListChangeListener<ParticipantRow>) c -> changes.add(c));
        List<String> changedRows = new ArrayList<>();
        before.forEach(r -> r.rowProperty().addListener((o, was, now) -> changedRows.add(r.name())));

        List<RoomRow> next = new ArrayList<>(rows);
        List<Light> more = new ArrayList<>(rows.get(17).lights());
        more.add(light(9999, 9, Outcome.GREEN));
        next.set(17, new RoomRow("p17", more, 2));
        room.snapshot = new RoomSnapshot(2, T0, "", next);
        model.update();
        model.update(); // a frame with nothing new

        assertThat(changes).as("the list of 40 rows is untouched").isEmpty();
        assertThat(changedRows).as("only the row that got a light").containsExactly("p17");
        assertThat(model.rows()).containsExactlyElementsOf(before);
        assertThat(model.rows().get(17).rowProperty().get().lights()).hasSize(61);
    }

    @Test
    void aNewParticipantTakesTheirPlaceByName() {
        roomIs(1, row("alice", 1, light(1, 0, Outcome.RED)), row("carol", 1, light(2, 0, Outcome.RED)));
        model.update();
        ParticipantRow alice = model.rows().get(0);

        roomIs(2, row("alice", 1, light(1, 0, Outcome.RED)), row("bob", 2, light(3, 1, Outcome.GREEN)),
                row("carol", 1, light(2, 0, Outcome.RED)));
        model.update();

        assertThat(model.rows()).extracting(ParticipantRow::name).containsExactly("alice", "bob", "carol");
        assertThat(model.rows().get(0)).isSameAs(alice);
    }

    @Test
    void stuckOnlyShowsRedOrAmberWithNoGreenForTheMinutesChosen() {
        roomIs(1, row("alice", 1, light(1, 0, Outcome.GREEN), light(2, 1, Outcome.RED)),
                row("bob", 1, light(3, 8, Outcome.AMBER)),
                row("carol", 1, light(4, 0, Outcome.RED), light(5, 9, Outcome.GREEN)));
        model.update(); // now is 09:10

        model.stuckOnlyProperty().set(true);
        assertThat(model.shown()).extracting(ParticipantRow::name).as("no green for 5 minutes or more").containsExactly("alice");

        model.stuckMinutesProperty().set(2);
        assertThat(model.shown()).extracting(ParticipantRow::name).containsExactly("alice", "bob");

        clock.set(T0.plus(Duration.ofMinutes(30)));
        model.stuckMinutesProperty().set(5);
        model.update();
        assertThat(model.shown()).extracting(ParticipantRow::name).as("time passes").containsExactly("alice", "bob");

        model.stuckOnlyProperty().set(false);
        assertThat(model.shown()).hasSize(3);
    }

    @Test
    void aClickedLightOpensItsRunAndSendsItToReplay() {
        Light red = light(1, 0, Outcome.RED);
        roomIs(1, row("alice", 1, red));
        Map<String, Output> files = new LinkedHashMap<>();
        files.put("cyber-dojo.sh", Output.of("sh test.sh\n"));
        files.put("hiker.sh", Output.of("answer() { echo 54; }\n"));
        room.runs.put(1L, new RoomRun(red, "alice", "w-1", "ws", 10, "1", true, files, Output.of("expected 42, got 54\n"),
                Output.EMPTY, Output.EMPTY, new byte[] {0x1f, (byte) 0x8b}));
        model.update();

        model.detail().open(red, "alice");

        RunDetailViewModel detail = model.detail();
        assertThat(detail.titleProperty().get()).startsWith("alice · ").endsWith(" · red");
        assertThat(detail.sources()).extracting(s -> s.name())
                .containsExactly("stdout", "stderr", "file: cyber-dojo.sh", "file: hiker.sh");
        assertThat(detail.sourceProperty().get().name()).isEqualTo("stdout");
        assertThat(detail.search().lines()).extracting(l -> l.text()).containsExactly("expected 42, got 54");
        assertThat(detail.facts()).anySatisfy(f -> assertThat(f.value()).isEqualTo("WebSocket"));

        detail.sendToReplay();
        assertThat(replayed).extracting(ReplayItem::image, ReplayItem::expected).containsExactly(
                org.assertj.core.groups.Tuple.tuple("warmpool/busybox", Outcome.RED));
    }

    @Test
    void aLightWhoseRunLeftTheJournalSaysSo() {
        Light gone = light(77, 0, Outcome.GREEN);
        model.detail().open(gone, "bob");
        assertThat(model.detail().messageProperty().get()).isEqualTo("Cannot open it: run 77 is no longer in the journal");
        assertThat(model.detail().sources()).isEmpty();
    }

    @Test
    void aNewSessionEmptiesTheRoom() {
        roomIs(1, row("alice", 1, light(1, 0, Outcome.RED)));
        model.update();
        model.detail().open(light(1, 0, Outcome.RED), "alice");

        model.newSession();

        assertThat(room.sessions).isEqualTo(1);
        assertThat(model.rows()).isEmpty();
        assertThat(model.detail().lightProperty().get()).isNull();
        assertThat(model.noticeProperty().get()).startsWith("A new session began");
    }
}
