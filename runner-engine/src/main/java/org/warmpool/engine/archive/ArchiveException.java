package org.warmpool.engine.archive;

/**
 * A submission was refused: its archive (or its file map) is malformed, hostile, or too large.
 *
 * <p>The message is meant for the person who sent the submission: it names the offending entry
 * and, where a limit was crossed, the limit. It never contains file contents.
 */
public final class ArchiveException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a submission was refused, coarse enough for a gateway to map to a status code. */
    public enum Reason {
        /** Not a gzip'd tar, corrupt, or holding something the engine refuses to unpack. */
        BAD_ARCHIVE,
        /** Larger than one of the {@link ArchiveLimits}: compressed bytes, unpacked bytes or entries. */
        TOO_LARGE
    }

    private final Reason reason;

    public ArchiveException(Reason reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public ArchiveException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    static ArchiveException bad(String message) {
        return new ArchiveException(Reason.BAD_ARCHIVE, message);
    }

    static ArchiveException tooLarge(String message) {
        return new ArchiveException(Reason.TOO_LARGE, message);
    }

    public Reason reason() {
        return reason;
    }
}
