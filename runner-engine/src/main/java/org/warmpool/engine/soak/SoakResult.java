package org.warmpool.engine.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a soak found, as a table for the README, and whether every check held. */
public record SoakResult(SoakPlan plan, int runs, Duration took, List<Sent> sent, Timeline timeline, long strayReplies, int vanished,
                         List<String> skippedFaults, Soak.JournalCheck journal, int containersLeft, int connectionsLeft,
                         Soak.Measure heap, int threadsLeft) {
    /** The heap may grow by this much from the baseline to the end. */
    static final double HEAP_TOLERANCE = 0.10;
    /** Threads may exceed the baseline by this many at the end (pools' idle threads, a GC's). */
    static final int THREAD_TOLERANCE = 4;

    public boolean passed() {
        Map<Sent.Truth, Integer> truths = Soak.truths(sent, timeline);
        return truths.get(Sent.Truth.LOST) == 0 && truths.get(Sent.Truth.FALSE_VERDICT) == 0
                && truths.get(Sent.Truth.UNEXPECTED) == 0 && strayReplies == 0 && journal.missing().isEmpty()
                && "ok".equals(journal.integrity()) && containersLeft == 0 && connectionsLeft == 0 && heapHeld() && threadsHeld();
    }

    boolean heapHeld() {
        return heap.baselineHeap < 0 || heapGrowth() <= HEAP_TOLERANCE;
    }

    boolean threadsHeld() {
        return heap.baselineHeap < 0 || threadsLeft <= heap.baselineThreads + THREAD_TOLERANCE;
    }

    double heapGrowth() {
        return heap.baselineHeap <= 0 ? 0 : (double) (heap.endHeap - heap.baselineHeap) / heap.baselineHeap;
    }

    String table() {
        Map<Sent.Truth, Integer> truths = Soak.truths(sent, timeline);
        Map<String, Integer> answers = new TreeMap<>();
        sent.forEach(s -> answers.merge(s.answer() == null ? "none" : s.answer(), 1, Integer::sum));
        Map<String, Integer> faults = new TreeMap<>();
        timeline.counts().forEach((f, n) -> faults.put(f.wireName(), n));
        long ws = sent.stream().filter(s -> s.door.equals("ws")).count();
        StringBuilder t = new StringBuilder();
        t.append("| what | measured |\n|---|---|\n");
        row(t, "load", String.format(Locale.ROOT, "%d runs (%d submissions: %d WebSocket, %d HTTP) in %d s, %.1f runs/s; "
                        + "%d idle connections, %d slow senders, %d clients vanished mid-run; pools: busybox agent recycled, "
                        + "python-pytest agent one-shot, bash-shunit2 exec", runs, sent.size(), ws,
                sent.size() - ws, took.toSeconds(), runs / Math.max(1.0, took.toMillis() / 1000.0), plan.idleConnections(),
                plan.slowSenders(), vanished));
        row(t, "faults injected", faults.isEmpty() ? "none" : faults.toString().replaceAll("[{}]", ""));
        if (!skippedFaults.isEmpty()) {
            row(t, "faults skipped", String.join("; ", skippedFaults));
        }
        row(t, "answers", answers.toString().replaceAll("[{}]", ""));
        row(t, "true / explained by a fault", truths.get(Sent.Truth.TRUE) + " / " + truths.get(Sent.Truth.EXPLAINED));
        row(t, "**false verdicts**", Integer.toString(truths.get(Sent.Truth.FALSE_VERDICT)));
        row(t, "**lost** (no answer)", Integer.toString(truths.get(Sent.Truth.LOST)));
        row(t, "unexpected answers", Integer.toString(truths.get(Sent.Truth.UNEXPECTED)));
        row(t, "answered twice", Long.toString(strayReplies));
        row(t, "results in the journal", journal.found() + " of " + journal.results() + "; integrity_check " + journal.integrity());
        row(t, "**leaked containers** (after serve stopped)", Integer.toString(containersLeft));
        row(t, "connections left", Integer.toString(connectionsLeft));
        row(t, "threads", heap.baselineHeap < 0 ? "no baseline" : heap.baselineThreads + " at the baseline, " + threadsLeft + " after the load");
        row(t, "heap after a full GC", heap.baselineHeap < 0 ? "no baseline (too few runs since the engine last started)"
                : String.format(Locale.ROOT, "%.1f MB after %d runs, %.1f MB after %d (%s)", heap.baselineHeap / 1048576.0,
                heap.baselineAtRun, heap.endHeap / 1048576.0, heap.endAtRun, Soak.percent(heapGrowth())));
        return t.toString();
    }

    private static void row(StringBuilder t, String what, String measured) {
        t.append("| ").append(what).append(" | ").append(measured.replace("|", "\\|")).append(" |\n");
    }

    void print(PrintStream out) {
        out.println();
        out.print(table());
        List<Sent> wrong = sent.stream().filter(s -> {
            Sent.Truth truth = s.truth(timeline);
            return truth != Sent.Truth.TRUE && truth != Sent.Truth.EXPLAINED;
        }).toList();
        if (!wrong.isEmpty()) {
            out.println();
            out.println("Answers that are not true (" + wrong.size() + "):");
            wrong.stream().limit(30).forEach(s -> out.println("  " + s.truth(timeline) + ": " + s));
        }
        journal.missing().stream().limit(10).forEach(m -> out.println("  not in the journal: " + m));
        out.println();
        out.println(passed() ? "soak: PASSED" : "soak: FAILED");
    }
}
