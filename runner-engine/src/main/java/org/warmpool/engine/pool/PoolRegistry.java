package org.warmpool.engine.pool;

import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pools by image. A draining pool stays here until it is quiet, but no longer serves. */
final class PoolRegistry {
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    /** A new pool for {@code image}, or the existing one with new settings; {@code created} says which. */
    Added add(String image, PoolSettings settings) {
        boolean[] created = new boolean[1];
        Pool pool = pools.compute(image, (name, existing) -> {
            if (existing == null || existing.draining()) {
                created[0] = true;
                return new Pool(name, settings);
            }
            existing.settings(settings);
            return existing;
        });
        return new Added(pool, created[0]);
    }

    record Added(Pool pool, boolean created) {
    }

    /** The pool serving {@code image}, or {@code null}. */
    Pool serving(String image) {
        Pool pool = pools.get(image);
        return pool == null || pool.draining() ? null : pool;
    }

    /** The pool of {@code image}, draining or not. */
    Pool existing(String image) {
        Pool pool = pools.get(image);
        if (pool == null) {
            throw unknownImage(image);
        }
        return pool;
    }

    void remove(String image, Pool pool) {
        pools.remove(image, pool);
    }

    Collection<Pool> all() {
        return List.copyOf(pools.values());
    }

    RunRejectedException unknownImage(String image) {
        return new RunRejectedException(Reason.UNKNOWN_IMAGE, "Warmpool has no pool for image " + image
                + ". Pools: " + String.join(", ", pools.keySet().stream().sorted().toList())
                + ". Add one in the console or with --pool " + image + "=N.");
    }
}
