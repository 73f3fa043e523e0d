package org.warmpool.engine.docker;

/** The container was removed or died while the engine was still using it. */
public class ContainerGoneException extends RuntimeException {
    public ContainerGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
