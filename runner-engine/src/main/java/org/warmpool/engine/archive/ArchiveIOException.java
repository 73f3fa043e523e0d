package org.warmpool.engine.archive;

import java.io.IOException;

/**
 * Carries a refusal through code that only speaks {@link IOException}: the streams below the
 * tar reader, and commons-compress between them.
 */
final class ArchiveIOException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ArchiveException refusal;

    ArchiveIOException(ArchiveException refusal) {
        super(refusal.getMessage(), refusal);
        this.refusal = refusal;
    }

    ArchiveException refusal() {
        return refusal;
    }

    /** The refusal somewhere in {@code e}'s causes, or null when {@code e} is a plain I/O error. */
    static ArchiveException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArchiveIOException carried) {
                return carried.refusal;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
