package org.warmpool.engine.api;

import java.util.Locale;

/** Where a pool is in its life. */
public enum PoolState {
    /** Reading and compiling the image's traffic-light rule; runs wait for it. */
    PREPARING,
    /** Serving, and keeping its target of ready containers. */
    READY,
    /** Cannot serve (image missing, no rule, containers would not start): see the pool's problem. */
    FAULTY,
    /** Being removed: running submissions finish, nothing new starts. */
    DRAINING;

    /** "preparing", "ready", ... as the HTTP API and the console show it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
