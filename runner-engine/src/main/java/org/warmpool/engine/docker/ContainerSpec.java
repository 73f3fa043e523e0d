package org.warmpool.engine.docker;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to create a sandbox container: the image, its labels, and the few hardening settings that
 * vary per image. Everything else (no network, init, ulimits, dropped capabilities, tmpfs mounts)
 * is fixed by {@link DockerJavaRuntime} because it is the same for every run.
 *
 * @param image          image name, e.g. {@code warmpool/python-pytest}
 * @param labels         labels to put on the container (must include {@link Labels#PROJECT})
 * @param env            environment of the waiting process (exec'd processes get their own)
 * @param readOnlyRoot   mount the image's root filesystem read-only
 * @param memoryBytes    memory limit; swap is set equal so the container never swaps
 * @param pidsLimit      maximum number of processes (a fork bomb stops here)
 * @param sandboxMegabytes size of the tmpfs mounted on /sandbox
 * @param command        the main process, instead of the waiting one; empty for the waiting one
 * @param addCapabilities capabilities kept although all others are dropped (e.g. {@code SETUID} for
 *                        an agent that switches to the sandbox user); empty for none
 */
public record ContainerSpec(String image, Map<String, String> labels, Map<String, String> env,
                            boolean readOnlyRoot, long memoryBytes, long pidsLimit, int sandboxMegabytes,
                            List<String> command, Set<String> addCapabilities) {
    public ContainerSpec {
        labels = Map.copyOf(labels);
        env = Map.copyOf(env);
        command = List.copyOf(command);
        addCapabilities = Set.copyOf(addCapabilities);
        if (!labels.containsKey(Labels.PROJECT)) {
            throw new IllegalArgumentException("every Warmpool container carries the " + Labels.PROJECT + " label");
        }
    }

    /** A container whose main process waits (the exec path's). */
    public ContainerSpec(String image, Map<String, String> labels, Map<String, String> env,
                         boolean readOnlyRoot, long memoryBytes, long pidsLimit, int sandboxMegabytes) {
        this(image, labels, env, readOnlyRoot, memoryBytes, pidsLimit, sandboxMegabytes, List.of(), Set.of());
    }

    /** The same container with {@code main} as its main process, keeping {@code capabilities}. */
    public ContainerSpec withMain(List<String> main, Set<String> capabilities) {
        return new ContainerSpec(image, labels, env, readOnlyRoot, memoryBytes, pidsLimit, sandboxMegabytes, main, capabilities);
    }
}
