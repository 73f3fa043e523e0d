package org.warmpool.app.replay;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

import java.util.Locale;

/** One run of one submission in the results: its traffic light, status, timings, and the whole result. */
public final class ReplayRow {
    /** Where a row is in its life. */
    public enum State { WAITING, RUNNING, DONE, REFUSED, CANCELLED }

    /**
     * The traffic light: the word shown next to the circle, and the style class that colours it.
     * red, amber and green are the product's language; timed out and faulty look different from
     * all three and from each other; refused means the engine (or the archive) never ran it.
     */
    public enum Light {
        WAITING("waiting"), RUNNING("running"), RED("red"), AMBER("amber"), GREEN("green"),
        TIMED_OUT("timed out"), FAULTY("faulty"), REFUSED("refused"), CANCELLED("cancelled");

        private final String word;

        Light(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** {@code light-red}, {@code light-timed-out}, … */
        public String styleClass() {
            return "light-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Light of(Outcome outcome) {
            return switch (outcome) {
                case RED -> RED;
                case AMBER -> AMBER;
                case GREEN -> GREEN;
                case TIMED_OUT -> TIMED_OUT;
                case FAULTY -> FAULTY;
            };
        }
    }

    private final int number;
    private final ReplaySubmission submission;
    private final String image;
    private final int maxSeconds;
    private final int repeat;
    private final int repeats;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.WAITING);
    private final ReadOnlyObjectWrapper<Light> light = new ReadOnlyObjectWrapper<>(Light.WAITING);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper start = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunResult> result = new ReadOnlyObjectWrapper<>();

    ReplayRow(int number, ReplaySubmission submission, String image, int maxSeconds, int repeat, int repeats) {
        this.number = number;
        this.submission = submission;
        this.image = image;
        this.maxSeconds = maxSeconds;
        this.repeat = repeat;
        this.repeats = repeats;
    }

    /** 1, 2, 3… in the order the runs were asked for. */
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

    public String image() {
        return image;
    }

    public int maxSeconds() {
        return maxSeconds;
    }

    /** The id the engine sees (CYBER_DOJO_ID). */
    public String runId() {
        return "replay-" + number;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Light> lightProperty() {
        return light.getReadOnlyProperty();
    }

    /** cyber-dojo.sh's exit status, empty when it never finished. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** From submission to result: "1.24 s". */
    public ReadOnlyStringProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** "warm" or "cold (start 0.52 s)". */
    public ReadOnlyStringProperty startProperty() {
        return start.getReadOnlyProperty();
    }

    /** Why it was refused, why it is faulty or timed out, or a summary of its output. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The whole result once it is back; null before and when refused. */
    public ReadOnlyObjectProperty<RunResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public Light light() {
        return light.get();
    }

    public boolean finished() {
        return state.get() != State.WAITING && state.get() != State.RUNNING;
    }

    void running() {
        state.set(State.RUNNING);
        light.set(Light.RUNNING);
        message.set("in a container of " + image);
    }

    void done(RunResult r) {
        result.set(r);
        Timings t = r.timings();
        status.set(r.status());
        total.set(seconds(t.total()));
        start.set(r.warm() ? "warm" : "cold (start " + seconds(t.claim()) + ")");
        light.set(Light.of(r.outcome()));
        message.set(summary(r));
        state.set(State.DONE);
    }

    void refused(String why) {
        light.set(Light.REFUSED);
        message.set(why);
        state.set(State.REFUSED);
    }

    void cancelled() {
        light.set(Light.CANCELLED);
        message.set("cancelled before it ran");
        state.set(State.CANCELLED);
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

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
}
