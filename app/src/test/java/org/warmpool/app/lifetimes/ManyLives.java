package org.warmpool.app.lifetimes;

import org.warmpool.engine.api.ContainerLife;
import org.warmpool.engine.api.ContainerPhase;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A busy stretch of workshop: {@code count} containers started evenly over {@code span} up to {@code now}, the newest still alive. */
final class ManyLives {
    private ManyLives() {
    }

    static List<ContainerLife> over(Duration span, int count, Instant now) {
        List<ContainerLife> lives = new ArrayList<>();
        Outcome[] outcomes = Outcome.values();
        long step = span.toMillis() / count;
        for (int i = 0; i < count; i++) {
            Instant created = now.minus(span).plusMillis(i * step);
            Instant ready = created.plusMillis(300 + i % 7 * 40);
            Instant claimed = ready.plusMillis(2_000 + i % 11 * 900);
            Instant execStart = claimed.plusMillis(60);
            Instant execEnd = execStart.plusMillis(700 + i % 5 * 300);
            Instant removed = execEnd.plusMillis(250);
            String id = String.format("%012x%052x", i, i);
            if (removed.isAfter(now)) { // still waiting for its run
                lives.add(new ContainerLife(id, "warmpool/python-pytest", true, ContainerPhase.READY, created, ready, null,
                        null, null, null, null, "", null));
            } else {
                lives.add(new ContainerLife(id, i % 3 == 0 ? "warmpool/busybox" : "warmpool/python-pytest", i % 9 != 0,
                        ContainerPhase.GONE, created, ready, claimed, execStart, execEnd, removed, removed,
                        "served run " + i, outcomes[i % outcomes.length]));
            }
        }
        return lives;
    }

    static EngineSnapshot snapshot(Instant at, List<ContainerLife> lives) {
        return new EngineSnapshot(at, true, "", List.of(), lives,
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0);
    }
}
