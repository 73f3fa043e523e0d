package org.warmpool.engine.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/** Why Docker does not answer, in words a facilitator can act on: what is missing and the command that fixes it. */
final class DockerAdvice {
    private static final String UNIX = "unix://";

    private DockerAdvice() {
    }

    /**
     * @param host  the daemon's address, e.g. {@code unix:///var/run/docker.sock}
     * @param cause the transport's own words for the failure
     */
    static String unavailable(String host, String cause) {
        if (host.startsWith(UNIX)) {
            Path socket = Path.of(host.substring(UNIX.length()));
            if (!Files.exists(socket)) {
                return "Docker is not installed or not running: there is no " + socket + ". Install it with"
                        + " \"sudo apt-get install docker.io\" (it starts by itself), or start an installed one with"
                        + " \"sudo systemctl start docker\". From a checkout, ./warmpool doctor does both.";
            }
            if (cause.contains("Permission denied") || cause.contains("EACCES") || !Files.isWritable(socket)) {
                return "Docker is running but this user may not use it (permission denied on " + socket + "). Join the"
                        + " docker group with \"sudo usermod -aG docker $USER\", then log out and in again.";
            }
        }
        return "Docker is not answering at " + host + " (" + cause + "). Is the daemon running? Start it with"
                + " \"sudo systemctl start docker\" (from a checkout: ./warmpool doctor).";
    }
}
