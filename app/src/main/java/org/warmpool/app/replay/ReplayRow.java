package org.warmpool.app.replay;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.ReplayItem;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.api.Timings;

import java.util.Locale;

/**
 * One submission of a replay in the results: waiting to be sent, sent (with its output so far, as
 * it streams), answered (its traffic light, status, timings and the whole result), refused, or
 * cancelled before it was sent. Changed on the FX thread only.
 */
public final class ReplayRow {
    /** Where a row is in its life. */
    public enum State { WAITING, SENT, DONE, REFUSED, CANCELLED }

    /**
     * What its traffic light shows: the outcome once there is one, else the state.
     *
     * @param outcome the run's colour; {@code null} unless {@link State#DONE}
     */
    public record Light(State state, Outcome outcome) {
        /** The word beside the lamp: "red", "timed out", "running", "refused", … */
        public String word() {
            if (outcome != null) {
                return ReplayRow.word(outcome);
            }
            return switch (state) {
                case WAITING -> "waiting";
                case SENT -> "running";
                case DONE -> "";
                case REFUSED -> "refused";
                case CANCELLED -> "cancelled";
            };
        }
    }

    private final int number;
    private final ReplaySubmission submission;
    private final int repeat;
    private final int repeats;
    private String image;
    private int maxSeconds;
    private final ReadOnlyObjectWrapper<Light> light = new ReadOnlyObjectWrapper<>(new Light(State.WAITING, null));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper start = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<RunResult> result = new ReadOnlyObjectWrapper<>();
    /** Its output while it runs, as it streams; emptied when the result (which holds all of it) comes. */
    private final StringBuilder streamedStdout = new StringBuilder();
    private final StringBuilder streamedStderr = new StringBuilder();
    private final ReadOnlyIntegerWrapper streamed = new ReadOnlyIntegerWrapper(0);

    /**
     * @param image      the image it is planned for (the engine says which it was sent to)
     * @param maxSeconds its planned time limit, 0 for the engine's default
     */
    ReplayRow(int number, ReplaySubmission submission, int repeat, int repeats, String image, int maxSeconds) {
        this.number = number;
        this.submission = submission;
        this.repeat = repeat;
        this.repeats = repeats;
        this.image = image;
        this.maxSeconds = maxSeconds;
    }

    /** 1, 2, 3… in the order the replay sends them. */
    public int number() {
        return number;
    }

    public ReplaySubmission submission() {
        return submission;
    }

    /** The submission's name, with "(2 of 5)" when it is repeated. */
    public String name() {
        return repeats == 1 ? submission.name() : submission.name() + "  (" + repeat + " of " + repeats + ")";
    }

    /** The image it goes to. */
    public String image() {
        return image;
    }

    /** Its time limit in seconds. */
    public int maxSeconds() {
        return maxSeconds;
    }

    /** The traffic light: its state, and its outcome once there is one. */
    public ReadOnlyObjectProperty<Light> lightProperty() {
        return light.getReadOnlyProperty();
    }

    /** cyber-dojo.sh's exit status, empty when it never finished. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The engine's time from submission to result: "1.24 s". */
    public ReadOnlyStringProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** "warm" or "cold (start 0.52 s)". */
    public ReadOnlyStringProperty startProperty() {
        return start.getReadOnlyProperty();
    }

    /** Why it was refused, why it is faulty or timed out, or the line of its output that says most. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Its colour differs from the one it had when it was recorded. */
    public ReadOnlyBooleanProperty changedProperty() {
        return changed.getReadOnlyProperty();
    }

    /** The whole result once it is back; null before, and when refused. */
    public ReadOnlyObjectProperty<RunResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Characters of output that have streamed while it runs; 0 once it is answered. Changes as output arrives. */
    public ReadOnlyIntegerProperty streamedProperty() {
        return streamed.getReadOnlyProperty();
    }

    /** What it has printed on {@code stream} so far while it runs (the result has all of it once it comes). */
    public Output streamed(StdStream stream) {
        return new Output((stream == StdStream.STDOUT ? streamedStdout : streamedStderr).toString(), false);
    }

    public Light light() {
        return light.get();
    }

    public State state() {
        return light.get().state();
    }

    /** Answered, refused or cancelled: nothing more will happen to it. */
    public boolean finished() {
        State state = state();
        return state != State.WAITING && state != State.SENT;
    }

    /** On its way, with the image and time limit it was sent with (also after a cancel that came too late to stop it). */
    void sent(ReplayItem item) {
        if (finished() && state() != State.CANCELLED) {
            return;
        }
        image = item.image();
        maxSeconds = item.maxSeconds();
        message.set("sent to " + image);
        light.set(new Light(State.SENT, null));
    }

    /** A stretch of its output while it runs. */
    void output(StdStream stream, String text) {
        if (state() != State.SENT) {
            return;
        }
        (stream == StdStream.STDOUT ? streamedStdout : streamedStderr).append(text);
        streamed.set(streamed.get() + text.length());
    }

    /** Its answer: a result, an error, or why none came. */
    void answered(ReplayReport.Reply reply) {
        streamedStdout.setLength(0);
        streamedStderr.setLength(0);
        streamed.set(0);
        RunResult r = reply.result();
        if (r == null) {
            refused(refusal(reply));
            return;
        }
        result.set(r);
        Timings t = r.timings();
        status.set(r.status());
        total.set(seconds(t.total()));
        start.set(r.warm() ? "warm" : "cold (start " + seconds(t.claim()) + ")");
        changed.set(reply.changed());
        message.set(reply.changed() ? "was " + word(reply.expected()) + " · " + summary(r) : summary(r));
        light.set(new Light(State.DONE, r.outcome()));
    }

    void refused(String why) {
        streamedStdout.setLength(0);
        streamedStderr.setLength(0);
        streamed.set(0);
        message.set(why);
        light.set(new Light(State.REFUSED, null));
    }

    /** Not sent: the replay was cancelled first. */
    void cancelled() {
        if (state() == State.WAITING) {
            message.set("cancelled before it was sent");
            light.set(new Light(State.CANCELLED, null));
        }
    }

    /** An error reply or no reply, in an operator's words. */
    static String refusal(ReplayReport.Reply reply) {
        String problem = reply.problem() == null ? "" : reply.problem();
        if (reply.errorCode() == null) {
            return "no reply: " + problem;
        }
        return switch (reply.errorCode()) {
            case "unknown_image" -> "unknown image: ";
            case "docker_unavailable" -> "Docker is down: ";
            case "shutting_down" -> "shutting down: ";
            case "throttled" -> "throttled: ";
            case "bad_archive", "too_large" -> "archive refused: ";
            case "internal" -> "engine error: ";
            default -> reply.errorCode().replace('_', ' ') + ": ";
        } + problem;
    }

    /** One line that says the most about a result: the engine's note, else the last line of output. */
    static String summary(RunResult r) {
        String log = r.log().content().strip();
        if (!log.isEmpty() && (r.outcome() == Outcome.FAULTY || r.outcome() == Outcome.TIMED_OUT)) {
            return firstLine(log);
        }
        String out = lastLine(r.stdout().content());
        String err = lastLine(r.stderr().content());
        if (r.outcome() == Outcome.AMBER && !err.isEmpty()) {
            return err;
        }
        return !out.isEmpty() ? out : err;
    }

    /** "red", "amber", "green", "timed out", "faulty". */
    static String word(Outcome outcome) {
        return outcome.wireName().replace('_', ' ');
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl).strip();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
