package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.colour.TrafficLight;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.Outcome;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One image's pool. All fields are guarded by the pool's monitor; {@link PoolManager} owns it. */
final class Pool {

    final String image;
    PoolSettings settings;
    PoolState state = PoolState.PREPARING;
    String problem = "";
    TrafficLight light;
    String rule = "";
    final CompletableFuture<Void> prepared = new CompletableFuture<>();

    final Deque<Tracked> ready = new ArrayDeque<>();
    int starting;
    int running;
    int retiring;
    boolean everFilled;
    int consecutiveStartFailures;
    boolean refillScheduled;

    long warmStarts;
    long coldStarts;
    final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    final LatencyWindow latencies = new LatencyWindow(256);

    Pool(String image, PoolSettings settings) {
        this.image = image;
        this.settings = settings;
    }

    /** Containers that exist or are on their way, counted against the target. */
    int supply() {
        return ready.size() + starting;
    }

    PoolSnapshot snapshot() {
        return new PoolSnapshot(image, state, problem, settings.target(),
                ready.size(), starting, running, retiring, warmStarts, coldStarts, outcomes,
                latencies.percentile(50), latencies.percentile(95), settings.readOnlyRoot(), rule, everFilled);
    }
}
