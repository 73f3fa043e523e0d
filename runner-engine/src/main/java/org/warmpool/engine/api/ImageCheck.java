package org.warmpool.engine.api;

import java.util.List;

/**
 * Whether an image follows the cyber-dojo contract closely enough for Warmpool: a sandbox user
 * with uid 41966, bash, tar, and a traffic-light rule.
 *
 * @param problems what it lacks, in an operator's words; empty when it is ready
 */
public record ImageCheck(String image, boolean ready, List<String> problems) {
    public ImageCheck {
        problems = List.copyOf(problems);
    }
}
