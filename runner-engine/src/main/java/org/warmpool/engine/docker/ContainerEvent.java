package org.warmpool.engine.docker;

/** A Docker event about a Warmpool container: {@code action} is e.g. "die", "destroy", "oom". */
public record ContainerEvent(String containerId, String action, String exitCode) {
}
