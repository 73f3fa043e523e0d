package org.warmpool.engine.room;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;
import org.warmpool.engine.journal.Journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The room's bookkeeping, without a journal or Docker: rows by name, lights in order, sessions, stuck. */
class RoomBookTest {
    static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

    static Journal.Finished run(long seq, String who, int minute, String outcome) {
        return new Journal.Finished(seq, who, "ws", "warmpool/busybox", T0.plus(Duration.ofMinutes(minute)), outcome, 100 + seq);
    }

    @Test
    void rowsAreInNameOrderAndLightsInSubmissionOrderWhateverOrderTheyFinishIn() {
        RoomBook book = new RoomBook("");
        book.add(List.of(run(2, "bob", 1, "red"), run(1, "Alice", 0, "amber")));
        book.add(List.of(run(4, "bob", 3, "green"), run(3, "bob", 2, "amber")));
        book.add(List.of(run(5, null, 4, "red"), run(6, "carol", 5, "error:throttled")));

        RoomSnapshot room = book.snapshot();

        assertThat(room.rows()).extracting(RoomRow::participant).as("case ignored; nobody is anonymous; an error has no light")
                .containsExactly("Alice", "anonymous", "bob");
        assertThat(room.row("bob").orElseThrow().lights()).extracting(Light::seq).containsExactly(2L, 3L, 4L);
        assertThat(room.lightCount()).isEqualTo(5);
    }

    @Test
    void aRunToldTwiceIsOneLightAndAnUnchangedRoomIsTheSameSnapshot() {
        RoomBook book = new RoomBook("");
        book.add(List.of(run(1, "a", 0, "red")));
        RoomSnapshot first = book.snapshot();
        book.add(List.of(run(1, "a", 0, "red")));

        assertThat(book.snapshot()).isSameAs(first);
        book.add(List.of(run(2, "b", 1, "red")));
        RoomSnapshot second = book.snapshot();
        assertThat(second.version()).isGreaterThan(first.version());
        assertThat(second.row("a").orElseThrow()).as("an untouched row is the same row").isSameAs(first.row("a").orElseThrow());
        assertThat(second.row("b").orElseThrow().version()).isEqualTo(second.version());
    }

    @Test
    void aSessionLeavesOutWhatCameBeforeIt() {
        RoomBook book = new RoomBook("");
        book.add(List.of(run(1, "a", 0, "red"), run(2, "b", 10, "red"), run(3, "b", 20, "green")));

        book.session(T0.plus(Duration.ofMinutes(15)));
        book.add(List.of(run(4, "a", 12, "green"))); // received before the mark, finished after it

        assertThat(book.snapshot().rows()).extracting(r -> r.participant() + " " + r.lights().size()).containsExactly("b 1");
    }

    @Test
    void stuckIsRedOrAmberWithNoGreenForLongEnough() {
        RoomRow row = new RoomRow("a", List.of(
                light(1, 0, Outcome.RED), light(2, 5, Outcome.GREEN), light(3, 10, Outcome.RED), light(4, 12, Outcome.AMBER)), 1);
        Instant now = T0.plus(Duration.ofMinutes(20));

        assertThat(row.notGreenSince()).as("the first light after the last green").contains(T0.plus(Duration.ofMinutes(10)));
        assertThat(row.stuck(now, Duration.ofMinutes(10))).isTrue();
        assertThat(row.stuck(now, Duration.ofMinutes(11))).isFalse();
        assertThat(row.lastGreen()).contains(T0.plus(Duration.ofMinutes(5)));
        assertThat(row.counts()).containsEntry(Outcome.RED, 2).containsEntry(Outcome.TIMED_OUT, 0);

        RoomRow timedOut = new RoomRow("b", List.of(light(1, 0, Outcome.RED), light(2, 1, Outcome.TIMED_OUT)), 1);
        assertThat(timedOut.stuck(now, Duration.ofMinutes(1))).as("timed out is its own colour, not stuck").isFalse();
        RoomRow neverGreen = new RoomRow("c", List.of(light(1, 0, Outcome.AMBER)), 1);
        assertThat(neverGreen.lastGreen()).isEmpty();
        assertThat(neverGreen.stuck(now, Duration.ofMinutes(20))).isTrue();
        RoomRow green = new RoomRow("d", List.of(light(1, 0, Outcome.GREEN)), 1);
        assertThat(green.stuck(now, Duration.ZERO)).isFalse();
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
        RoomBook book = new RoomBook("");
        book.add(List.of(run(1, "Smith, J.", 0, "red"), run(2, "=cmd()", 1, "timed_out")));

        assertThat(RoomCsv.of(book.snapshot()).lines()).containsExactly(
                "participant,time,image,outcome,duration_ms",
                "'=cmd(),2026-11-29T09:01:00Z,warmpool/busybox,timed_out,102",
                "\"Smith, J.\",2026-11-29T09:00:00Z,warmpool/busybox,red,101");
    }

    static Light light(long seq, int minute, Outcome outcome) {
        return new Light(seq, T0.plus(Duration.ofMinutes(minute)), "warmpool/busybox", outcome, 100);
    }
}
