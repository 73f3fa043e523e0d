package org.warmpool.engine.docker;

import java.util.Map;

/** A Docker event about a Warmpool container: {@code action} is e.g. "die", "destroy", "oom". */
public record ContainerEvent(String containerId, String action, String exitCode) {

    /**
     * The event as the daemon sent it, in Docker's words. Podman's Docker-compatible API (4.3, Debian 12)
     * says "died" for Docker's "die", "remove" for "destroy", and puts the exit code under
     * {@code containerExitCode} instead of {@code exitCode} (podman#12628); both are read here.
     */
    static ContainerEvent fromDaemon(String containerId, String action, Map<String, String> attributes) {
        String docker = action == null ? "" : switch (action) {
            case "died" -> "die";
            case "remove" -> "destroy";
            default -> action;
        };
        String exitCode = attributes.containsKey("exitCode") ? attributes.get("exitCode") : attributes.get("containerExitCode");
        return new ContainerEvent(containerId, docker, exitCode);
    }
}
