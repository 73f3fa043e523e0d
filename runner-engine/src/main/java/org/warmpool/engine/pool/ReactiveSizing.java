package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolRange;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A reactive pool's target: one more ready container for every run that started cold or had to
 * wait for a container, up to the range's max; back to its min once no run has come for the
 * range's idle time. Pure bookkeeping on the instants it is given (tests give a fake clock's).
 *
 * <p>The anchor is OpenWhisk's reactive prewarm (every 10 minutes: cold starts ÷ threshold ×
 * increment, within min..max), made to react within a second instead: each miss is a container the
 * pool was short of at that moment, so it grows by one at once; and it keeps its size while runs
 * still come (shrinking on "no cold starts lately" would drop a busy pool to its min and make it
 * miss its way back up every idle period).
 */
final class ReactiveSizing {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** A new target, and why. */
    record Change(int target, String reason) {
    }

    private final PoolRange range;
    private int target;
    private Instant lastRun;
    private String reason;

    ReactiveSizing(PoolRange range, int target, Instant now) {
        this.range = range;
        this.target = target;
        this.lastRun = now;
        this.reason = target == range.min() ? "Starts at its minimum, " + target + "." : "Starts at " + target + ".";
    }

    PoolRange range() {
        return range;
    }

    synchronized int target() {
        return target;
    }

    /** Why the target last changed, in a sentence. */
    synchronized String reason() {
        return reason;
    }

    /**
     * A run claimed a container.
     *
     * @param cold   it found no ready container and started one on the spot
     * @param waited it found none ready and waited for one being wiped
     */
    synchronized Optional<Change> claimed(Instant at, boolean cold, boolean waited) {
        lastRun = at.isAfter(lastRun) ? at : lastRun;
        if (!cold && !waited) {
            return Optional.empty();
        }
        if (target >= range.max()) {
            return Optional.empty();
        }
        int was = target;
        target = Math.max(range.min(), target + 1);
        reason = "Grew from " + was + " to " + target + " at " + TIME.format(at) + ": a run "
                + (cold ? "started cold" : "waited for a container") + (target == range.max() ? " (its maximum)." : ".");
        return Optional.of(new Change(target, reason));
    }

    /** Time passes: back to the min after the idle time without a run. */
    synchronized Optional<Change> tick(Instant now) {
        if (target <= range.min() || Duration.between(lastRun, now).compareTo(range.idle()) < 0) {
            return Optional.empty();
        }
        target = range.min();
        reason = "Back to its minimum, " + target + ", at " + TIME.format(now) + ": no run for " + range.idle().toSeconds() + " s.";
        return Optional.of(new Change(target, reason));
    }

    /** The operator set the target by hand (it still moves by itself from there). */
    synchronized void set(int newTarget, Instant at) {
        target = newTarget;
        lastRun = at.isAfter(lastRun) ? at : lastRun;
        reason = "Set to " + newTarget + " by the operator at " + TIME.format(at) + ".";
    }
}
