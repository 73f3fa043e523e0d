package org.warmpool.engine.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When each fault was injected and how long it lasted, so that an answer can be told true or not:
 * a {@code faulty} "killed from outside" is true only while something was killed from outside.
 */
final class Timeline {
    /** Clocks and event streams are not instantaneous: a fault counts this long either side of its window. */
    private static final long SLACK_MILLIS = 3000;

    record Window(SoakPlan.Fault fault, long from, long to, String note) {
        boolean overlaps(long start, long end) {
            return from - SLACK_MILLIS <= end && start <= to + SLACK_MILLIS;
        }
    }

    private final List<Window> windows = new ArrayList<>();

    synchronized void add(SoakPlan.Fault fault, long from, long to, String note) {
        windows.add(new Window(fault, from, to, note));
    }

    /** Whether any of {@code faults} happened while a submission was out, from {@code start} to {@code end}. */
    synchronized boolean during(long start, long end, SoakPlan.Fault... faults) {
        for (Window w : windows) {
            for (SoakPlan.Fault f : faults) {
                if (w.fault() == f && w.overlaps(start, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    synchronized Map<SoakPlan.Fault, Integer> counts() {
        Map<SoakPlan.Fault, Integer> counts = new EnumMap<>(SoakPlan.Fault.class);
        windows.forEach(w -> counts.merge(w.fault(), 1, Integer::sum));
        return counts;
    }

    synchronized List<Window> all() {
        return List.copyOf(windows);
    }
}
