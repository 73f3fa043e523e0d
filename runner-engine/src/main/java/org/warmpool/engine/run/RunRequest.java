package org.warmpool.engine.run;

import org.warmpool.engine.api.Cancellation;
import org.warmpool.engine.archive.SubmissionFiles;

import java.util.Objects;

/**
 * One submission: run {@code cyber-dojo.sh} from {@code files} in a container of {@code image}.
 *
 * @param id         the client's id, echoed in the result and given to the run as CYBER_DOJO_ID
 * @param maxSeconds hard time limit, 1–20
 * @param filesBack  return text files created or changed under /sandbox
 * @param output     told the run's output as it arrives ({@link OutputListener#NONE} when nobody asked)
 * @param cancellation how its submitter withdraws it (waiting) or stops it (running)
 */
public record RunRequest(String id, String image, int maxSeconds, SubmissionFiles files, boolean filesBack,
                         OutputListener output, Cancellation cancellation) {
    public static final int DEFAULT_MAX_SECONDS = 10;
    public static final int MAX_MAX_SECONDS = 20;

    public RunRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cancellation, "cancellation");
        if (maxSeconds < 1 || maxSeconds > MAX_MAX_SECONDS) {
            throw new IllegalArgumentException("max_seconds must be between 1 and " + MAX_MAX_SECONDS + ", not " + maxSeconds);
        }
    }

    /** A run that nobody cancels. */
    public RunRequest(String id, String image, int maxSeconds, SubmissionFiles files, boolean filesBack, OutputListener output) {
        this(id, image, maxSeconds, files, filesBack, output, new Cancellation());
    }

    /** A run whose output nobody watches as it arrives, and that nobody cancels. */
    public RunRequest(String id, String image, int maxSeconds, SubmissionFiles files, boolean filesBack) {
        this(id, image, maxSeconds, files, filesBack, OutputListener.NONE);
    }
}
