package org.warmpool.engine.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.Labels;
import org.warmpool.engine.docker.ManagedContainer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes containers that engines no longer alive left behind, found by the project's label. The
 * owner label ({@code host/pid/session}) tells whose a container is: another machine's engine
 * sharing the daemon is not ours to judge; a live process's engine is left alone unless that
 * process no longer runs its session.
 */
final class OrphanReaper {
    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);
    /** Sessions of engines alive in this JVM (several engines may share a process: the console, tests). */
    private static final Set<String> LIVE_SESSIONS = ConcurrentHashMap.newKeySet();

    private final ContainerRuntime docker;
    private final String host;
    private final long pid;
    private final String session;

    OrphanReaper(ContainerRuntime docker, String host, long pid, String session) {
        this.docker = docker;
        this.host = host;
        this.pid = pid;
        this.session = session;
    }

    /** This engine is alive: its containers are never orphans. */
    void alive() {
        LIVE_SESSIONS.add(session);
    }

    void gone() {
        LIVE_SESSIONS.remove(session);
    }

    /** Removes every orphan now; returns how many. */
    int reap() {
        int reaped = 0;
        for (ManagedContainer c : docker.listManaged()) {
            if (isOrphan(c.label(Labels.OWNER))) {
                docker.remove(c.id());
                reaped++;
            }
        }
        if (reaped > 0) {
            log.info("removed {} container(s) left behind by an earlier Warmpool", reaped);
        }
        return reaped;
    }

    boolean isOrphan(String ownerLabel) {
        String[] parts = ownerLabel.split("/");
        if (parts.length != 3) {
            return true;
        }
        if (!parts[0].equals(host)) {
            return false; // another machine's engine sharing this daemon: not ours to judge
        }
        long ownerPid;
        try {
            ownerPid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return true;
        }
        if (ownerPid == pid) {
            return !LIVE_SESSIONS.contains(parts[2]);
        }
        return ProcessHandle.of(ownerPid).map(p -> !p.isAlive()).orElse(true);
    }
}
