package org.warmpool.engine.docker;

/**
 * What {@code docker info} says about a daemon's host, for placing containers on it.
 *
 * @param version     the daemon's version
 * @param cores       {@code NCPU}: the cores its containers share
 * @param memoryBytes {@code MemTotal}: the memory its containers share
 * @param host        the host name the daemon reports
 */
public record DaemonInfo(String version, int cores, long memoryBytes, String host) {
    public DaemonInfo {
        version = version == null ? "" : version;
        host = host == null ? "" : host;
        cores = Math.max(1, cores);
        memoryBytes = Math.max(0, memoryBytes);
    }
}
