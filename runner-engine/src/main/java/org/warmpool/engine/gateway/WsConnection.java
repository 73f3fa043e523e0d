package org.warmpool.engine.gateway;

import org.warmpool.engine.api.Cancellation;
import org.warmpool.engine.throttle.Admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket connection, as the door keeps it: its share of admission, and its submissions
 * that are waiting or running, by id, so that it can cancel them — and only it: ids are the
 * clients' own, so another connection's submission of the same id is not this one's. Closing it
 * cancels everything it still has.
 */
final class WsConnection {
    /** What a cancel found. */
    enum Cancelled { CANCELLED, ALREADY_DECIDED, NONE }

    private final Admission.Client admission;
    /** By id; a list because nothing stops a client from reusing an id while the first is in flight. */
    private final Map<String, List<Cancellation>> inFlight = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    WsConnection(Admission.Client admission) {
        this.admission = admission;
    }

    Admission.Client admission() {
        return admission;
    }

    /**
     * Keeps an accepted submission until its reply; when the connection has closed already, it is
     * cancelled at once instead.
     */
    void add(String id, Cancellation cancellation) {
        synchronized (this) {
            if (!closed) {
                inFlight.computeIfAbsent(id, k -> new ArrayList<>(1)).add(cancellation);
                return;
            }
        }
        cancellation.cancel("because its connection closed");
    }

    /** Its reply is going out: nothing to cancel any more. */
    synchronized void answered(String id, Cancellation cancellation) {
        List<Cancellation> same = inFlight.get(id);
        if (same != null && same.remove(cancellation) && same.isEmpty()) {
            inFlight.remove(id);
        }
    }

    /**
     * Cancels this connection's submissions named {@code id} (all of them, should it have sent
     * several under one id). Each is then answered {@code cancelled} as its reply.
     */
    Cancelled cancel(String id) {
        List<Cancellation> same;
        synchronized (this) {
            same = inFlight.remove(id);
        }
        if (same == null) {
            return Cancelled.NONE;
        }
        boolean any = false;
        for (Cancellation c : same) {
            any |= c.cancel("by its client");
        }
        return any ? Cancelled.CANCELLED : Cancelled.ALREADY_DECIDED;
    }

    /** The connection closed: what waits is withdrawn (it never runs), what runs is stopped. */
    void close() {
        List<Cancellation> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            inFlight.values().forEach(all::addAll);
            inFlight.clear();
        }
        admission.close();
        for (Cancellation c : all) {
            c.cancel("because its connection closed");
        }
    }
}
