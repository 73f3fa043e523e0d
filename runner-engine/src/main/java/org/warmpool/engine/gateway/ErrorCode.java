package org.warmpool.engine.gateway;

import java.util.Locale;

/**
 * The {@code code} of an error reply. Documented in docs/protocol.md. {@code CANCELLED}: its client
 * withdrew or stopped the submission.
 */
public enum ErrorCode {
    BAD_HEADER, BAD_ARCHIVE, TOO_LARGE, UNKNOWN_IMAGE, THROTTLED, DOCKER_UNAVAILABLE, SHUTTING_DOWN, INTERNAL,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
