package org.warmpool.engine.pool;

import org.warmpool.engine.agent.AgentSession;
import org.warmpool.engine.colour.TrafficLight;

/**
 * A container taken by one submission. The holder must hand it back exactly once through
 * {@link PoolManager#release}.
 *
 * @param warm    it was started ahead of demand (false: started for this submission)
 * @param light   the pool's traffic-light rule
 * @param session the container's agent, when its pool runs on the agent path; {@code null} on the exec path
 */
public record Claim(String containerId, String image, boolean warm, TrafficLight light, long claimNanos, AgentSession session) {
}
