package org.warmpool.engine.gateway;

/** A submission refused at the door, with the code and the sentence the client gets. */
public class GatewayException extends Exception {
    private final ErrorCode code;
    private final String id;
    private final long retryAfterMillis;

    public GatewayException(ErrorCode code, String id, String message) {
        this(code, id, message, 0);
    }

    public GatewayException(ErrorCode code, String id, String message, long retryAfterMillis) {
        super(message);
        this.code = code;
        this.id = id;
        this.retryAfterMillis = retryAfterMillis;
    }

    public ErrorCode code() {
        return code;
    }

    /** The submission's id when the header got far enough to have one; else {@code null}. */
    public String id() {
        return id;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
