package org.warmpool.engine.docker;

import java.util.Map;

/** A Warmpool-labelled container as {@code docker ps -a} lists it. */
public record ManagedContainer(String id, String image, Map<String, String> labels, boolean running, long createdEpochSeconds) {
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
