package org.warmpool.engine.api;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay saw: outcomes, errors, latency from due time to reply, warm share, and which
 * submissions changed colour from their journaled outcome.
 *
 * @param image     the image every submission was sent to, or {@code null} when each went to its own
 * @param planned   submissions the replay meant to send (items × repeat)
 * @param replies   one per submission sent, in the order they were planned
 * @param sendSpan  from the start to the last submission leaving
 * @param elapsed   from the start to the last reply
 * @param cancelled cancelled before everything was sent
 * @param slowestMillis the longest latency of a reply
 */
public record ReplayReport(URI url, String image, String pacing, int planned, List<Reply> replies, Duration sendSpan,
                           Duration elapsed, boolean cancelled, long slowestMillis) {
    /** Every outcome, in the traffic-light order reports print them in. */
    public static final List<Outcome> OUTCOMES = List.of(Outcome.values());

    public ReplayReport {
        replies = List.copyOf(replies);
    }

    /**
     * One submission's reply.
     *
     * @param name          the item's name
     * @param expected      the outcome it had when journaled, or {@code null} when unknown
     * @param outcome       the traffic light, or {@code null} for an error or no reply
     * @param errorCode     the error's code ({@code throttled}, …), or {@code null}
     * @param problem       the error's message, or why no reply came
     * @param latencyMillis from when it was due to its reply; -1 without a reply
     * @param queued        the engine queued it before running it
     * @param result        the whole result (stdout, stderr, files, log, timings); {@code null} unless a result
     */
    public record Reply(String name, Outcome expected, Outcome outcome, String errorCode, String problem, long latencyMillis,
                        boolean queued, RunResult result) {
        /** A result whose colour differs from the journaled one. */
        public boolean changed() {
            return expected != null && outcome != null && expected != outcome;
        }

        /** Served warm; {@code null} unless a result. */
        public Boolean warm() {
            return result == null ? null : result.warm();
        }

        /** The engine's own total time; -1 unless a result. */
        public long serverMillis() {
            return result == null ? -1 : result.timings().total();
        }
    }

    /** Submissions sent (fewer than {@link #planned} when cancelled). */
    public int sent() {
        return replies.size();
    }

    public long count(Outcome outcome) {
        return replies.stream().filter(r -> outcome == r.outcome()).count();
    }

    public Map<String, Long> errors() {
        Map<String, Long> byCode = new TreeMap<>();
        replies.stream().filter(r -> r.errorCode() != null).forEach(r -> byCode.merge(r.errorCode(), 1L, Long::sum));
        return byCode;
    }

    public long throttled() {
        return errors().getOrDefault("throttled", 0L);
    }

    public long unanswered() {
        return replies.stream().filter(r -> r.latencyMillis() < 0).count();
    }

    public long results() {
        return replies.stream().filter(r -> r.outcome() != null).count();
    }

    public long warm() {
        return replies.stream().filter(r -> Boolean.TRUE.equals(r.warm())).count();
    }

    /** Latency of every result, due time to reply. */
    public LatencyStats latency() {
        return LatencyStats.of(replies.stream().filter(r -> r.outcome() != null).map(r -> (double) r.latencyMillis()).toList());
    }

    public List<Reply> changed() {
        return replies.stream().filter(Reply::changed).toList();
    }

    /** Outcome counts in the traffic-light order, every outcome present. */
    public Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        OUTCOMES.forEach(o -> counts.put(o, count(o)));
        return counts;
    }

    /** A report a person reads. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Replay of %d submission(s) to %s%s, %s%n", planned, url,
                image == null ? "" : " on " + image, pacing));
        if (cancelled) {
            out.append(String.format("  cancelled after %d sent%n", replies.size()));
        }
        double seconds = sendSpan.toMillis() / 1000.0;
        out.append(String.format("  sent        %d over %.1f s%s; last reply after %.1f s%n", replies.size(), seconds,
                seconds > 0 ? String.format(" (%.2f/s)", (replies.size() - 1) / seconds) : "", elapsed.toMillis() / 1000.0));
        StringBuilder lights = new StringBuilder();
        outcomes().forEach((o, n) -> lights.append(lights.length() == 0 ? "" : " · ").append(o.wireName()).append(' ').append(n));
        out.append(String.format("  outcomes    %s%n", lights));
        Map<String, Long> errors = errors();
        out.append(String.format("  throttled   %d%n", throttled()));
        if (errors.size() > (errors.containsKey("throttled") ? 1 : 0)) {
            StringBuilder e = new StringBuilder();
            errors.forEach((code, n) -> {
                if (!code.equals("throttled")) {
                    e.append(e.length() == 0 ? "" : " · ").append(code).append(' ').append(n);
                }
            });
            out.append(String.format("  errors      %s%n", e));
        }
        if (unanswered() > 0) {
            out.append(String.format("  no reply    %d (%s)%n", unanswered(), replies.stream().filter(r -> r.latencyMillis() < 0)
                    .map(Reply::problem).findFirst().orElse("")));
        }
        LatencyStats s = latency();
        out.append(String.format("  latency     p50 %.0f ms · p95 %.0f ms · p99 %.0f ms · max %.0f ms  (due → reply, %d results)%n",
                s.p50(), s.p95(), s.p99(), s.max(), s.n()));
        long results = results();
        out.append(String.format("  warm/cold   %d warm (%.0f%%) · %d cold%n", warm(), results == 0 ? 0.0 : 100.0 * warm() / results,
                results - warm()));
        long comparable = replies.stream().filter(r -> r.expected() != null && r.outcome() != null).count();
        if (comparable > 0) {
            List<Reply> changed = changed();
            out.append(String.format("  colours     %s%n", changed.isEmpty()
                    ? "all " + comparable + " as journaled" : changed.size() + " of " + comparable + " changed from the journal:"));
            changed.stream().limit(50).forEach(r -> out.append(String.format("                %s: %s → %s%n", r.name(),
                    r.expected().wireName(), r.outcome().wireName())));
            if (changed.size() > 50) {
                out.append(String.format("                … and %d more%n", changed.size() - 50));
            }
        }
        return out.toString();
    }
}
