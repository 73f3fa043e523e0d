package org.warmpool.engine.pool;

import org.warmpool.engine.agent.AgentSession;
import org.warmpool.engine.colour.TrafficLight;
import org.warmpool.engine.docker.ContainerRuntime;

/**
 * A container taken by one submission. The holder must hand it back exactly once through
 * {@link EngineSet#release} (or {@link PoolManager#release} when it came from one engine's pools).
 *
 * @param warm    it was started ahead of demand (false: started for this submission)
 * @param light   the pool's traffic-light rule
 * @param session the container's agent, when its pool runs on the agent path; {@code null} on the exec path
 * @param engine  the name of the Docker engine the container lives on; empty until {@link EngineSet} says
 * @param runtime that engine: the run path talks to it, never to another; {@code null} until {@link EngineSet} says
 */
public record Claim(String containerId, String image, boolean warm, TrafficLight light, long claimNanos, AgentSession session,
                    String engine, ContainerRuntime runtime) {

    public Claim(String containerId, String image, boolean warm, TrafficLight light, long claimNanos, AgentSession session) {
        this(containerId, image, warm, light, claimNanos, session, "", null);
    }

    /** The same claim, on the engine named {@code name}, reached through {@code docker}. */
    public Claim on(String name, ContainerRuntime docker) {
        return new Claim(containerId, image, warm, light, claimNanos, session, name, docker);
    }

    /** The engine the container lives on, else {@code fallback} (a claim made without an {@link EngineSet}). */
    public ContainerRuntime runtimeOr(ContainerRuntime fallback) {
        return runtime != null ? runtime : fallback;
    }
}
