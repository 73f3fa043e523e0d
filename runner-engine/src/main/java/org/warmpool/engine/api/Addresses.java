package org.warmpool.engine.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Where clients connect, as the gateway listens. */
public interface Addresses {

    /** {@code ws://127.0.0.1:4598/}; empty when the gateway is not open. */
    Optional<URI> webSocket();

    /** {@code http://127.0.0.1:4597}; empty when the gateway is not open. */
    Optional<URI> http();

    /** The WebSocket as this machine reaches it (loopback when it listens on every address); empty when closed. */
    Optional<URI> localWebSocket();

    /** The token clients must send; empty when none is required. */
    Optional<String> token();

    /**
     * The browser page as participants' laptops open it: one address per non-loopback address the
     * gateway listens on (every one of this machine's when it listens on all of them; IPv4 first),
     * with {@code ?token=} when a token is required. Empty when it listens on loopback only, or is closed.
     */
    List<URI> participantPages();

    /** The gateway listens on a loopback address only: nothing but this machine can reach it. */
    boolean loopbackOnly();

    /** Why clients cannot connect (e.g. a port in use), with what to do; empty when they can. */
    String problem();
}
