package org.warmpool.engine.docker;

/** The Docker daemon did not answer: not installed, not running, or not reachable by this user. */
public class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
