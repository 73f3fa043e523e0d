package org.warmpool.engine.api;

import java.util.List;

/** An image the Docker daemon holds locally. */
public record LocalImage(String id, List<String> tags, long sizeBytes, long createdEpochSeconds) {
}
