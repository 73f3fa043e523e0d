package org.warmpool.engine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One participant's row in the room: their lights in the order they pressed Test.
 *
 * @param participant their name (the WebSocket header's {@code participant}, the cyber-dojo {@code id} over
 *                    HTTP), or {@value JournalEntry#ANONYMOUS}
 * @param lights      oldest first; never empty
 * @param version     the room's {@link RoomSnapshot#version()} when this row last changed: a row with the same
 *                    version as before is the same row
 */
public record RoomRow(String participant, List<Light> lights, long version) {
    public RoomRow {
        lights = List.copyOf(lights);
        if (lights.isEmpty()) {
            throw new IllegalArgumentException("a row in the room has at least one light");
        }
    }

    /** The latest light. */
    public Light last() {
        return lights.get(lights.size() - 1);
    }

    /** When they last pressed Test. */
    public Instant lastRun() {
        return last().at();
    }

    /** When they last had a green light; empty when they never had one. */
    public Optional<Instant> lastGreen() {
        for (int i = lights.size() - 1; i >= 0; i--) {
            if (lights.get(i).outcome() == Outcome.GREEN) {
                return Optional.of(lights.get(i).at());
            }
        }
        return Optional.empty();
    }

    /** How many lights of each outcome (every outcome present, 0 when none). */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        for (Light l : lights) {
            counts.merge(l.outcome(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * Since when they have had no green: the first light after their last green (or their first
     * light, when none was green); empty when their latest light is green.
     */
    public Optional<Instant> notGreenSince() {
        if (last().outcome() == Outcome.GREEN) {
            return Optional.empty();
        }
        int i = lights.size() - 1;
        while (i > 0 && lights.get(i - 1).outcome() != Outcome.GREEN) {
            i--;
        }
        return Optional.of(lights.get(i).at());
    }

    /**
     * Stuck: the latest light is red or amber, and there has been no green for at least {@code over}
     * (since the first light after the last green). A participant whose runs time out or are faulty
     * is not "stuck" in this sense: the facilitator sees those in their own colours.
     */
    public boolean stuck(Instant now, Duration over) {
        Outcome latest = last().outcome();
        if (latest != Outcome.RED && latest != Outcome.AMBER) {
            return false;
        }
        return notGreenSince().map(since -> !Duration.between(since, now).minus(over).isNegative()).orElse(false);
    }
}
