package org.warmpool.engine.docker;

import java.util.List;

/** An image the Docker daemon holds locally. */
public record LocalImage(String id, List<String> tags, long sizeBytes, long createdEpochSeconds) {
}
