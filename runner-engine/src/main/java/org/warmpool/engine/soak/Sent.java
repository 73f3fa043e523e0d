package org.warmpool.engine.soak;

import org.warmpool.engine.api.Outcome;

/**
 * One submission a soak sent, and the one answer it got: an outcome's wire name, {@code error:CODE},
 * {@code cut} (the connection broke before an answer) or nothing yet.
 */
final class Sent {
    /** Whether an answer is true, and if not, how it is wrong. */
    enum Truth {
        /** What the submission deserves with nothing interfering. */
        TRUE,
        /** Not its own verdict, but true about what happened: {@code faulty} while its container was killed, and the like. */
        EXPLAINED,
        /** A colour the code does not deserve: the one thing a participant must never see. */
        FALSE_VERDICT,
        /** An answer nothing explains (an error, a timeout of a quick run). */
        UNEXPECTED,
        /** No answer at all. */
        LOST
    }

    final String id;
    final Kind kind;
    final String door;
    final long sentAt = System.currentTimeMillis();
    private volatile long answeredAt;
    private volatile String answer;
    private volatile String detail = "";

    Sent(String id, Kind kind, String door) {
        this.id = id;
        this.kind = kind;
        this.door = door;
    }

    void answered(String answer, String detail) {
        this.detail = detail == null ? "" : detail;
        this.answeredAt = System.currentTimeMillis();
        this.answer = answer;
    }

    String answer() {
        return answer;
    }

    String detail() {
        return detail;
    }

    /** The outcome it was answered with, when it ran. */
    Outcome outcome() {
        String a = answer;
        if (a == null || a.startsWith("error:") || a.equals("cut")) {
            return null;
        }
        return Outcome.fromWireName(a);
    }

    Truth truth(Timeline faults) {
        String a = answer;
        if (a == null) {
            return Truth.LOST;
        }
        long end = answeredAt;
        boolean outside = faults.during(sentAt, end, SoakPlan.Fault.KILL_CONTAINER, SoakPlan.Fault.REMOVE_CONTAINER,
                SoakPlan.Fault.RESTART_DOCKER);
        boolean dockerAway = faults.during(sentAt, end, SoakPlan.Fault.RESTART_DOCKER);
        boolean engineKilled = faults.during(sentAt, end, SoakPlan.Fault.KILL_ENGINE);
        if (a.equals("cut")) {
            return engineKilled ? Truth.EXPLAINED : Truth.LOST;
        }
        if (a.startsWith("error:")) {
            return switch (a.substring("error:".length())) {
                case "throttled" -> Truth.TRUE;
                case "docker_unavailable" -> dockerAway ? Truth.EXPLAINED : Truth.UNEXPECTED;
                default -> Truth.UNEXPECTED;
            };
        }
        Outcome o = outcome();
        if (kind.expected().contains(o)) {
            return Truth.TRUE;
        }
        if (o == Outcome.FAULTY && outside && (detail.contains("from outside") || detail.contains("Docker went away")
                || detail.contains("stopped answering") || detail.contains("end was not seen"))) {
            return Truth.EXPLAINED;
        }
        if (o == Outcome.RED || o == Outcome.AMBER || o == Outcome.GREEN) {
            return Truth.FALSE_VERDICT;
        }
        return Truth.UNEXPECTED;
    }

    @Override
    public String toString() {
        return id + " " + kind.name() + " via " + door + " → " + answer + (detail.isEmpty() ? "" : " (" + oneLine(detail) + ")");
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
