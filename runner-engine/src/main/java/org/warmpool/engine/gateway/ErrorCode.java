package org.warmpool.engine.gateway;

import java.util.Locale;

/**
 * The {@code code} of an error message. Documented in docs/protocol.md. {@code CANCELLED} is a
 * submission's reply when its client withdrew or stopped it; {@code NOTHING_TO_CANCEL} answers a
 * {@code cancel} message that found nothing to cancel (it is no submission's reply: its id is null).
 */
public enum ErrorCode {
    BAD_HEADER, BAD_ARCHIVE, TOO_LARGE, UNKNOWN_IMAGE, THROTTLED, DOCKER_UNAVAILABLE, SHUTTING_DOWN, INTERNAL,
    CANCELLED, NOTHING_TO_CANCEL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
