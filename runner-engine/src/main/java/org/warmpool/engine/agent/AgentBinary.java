package org.warmpool.engine.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The agent program (built from runner-engine/src/main/agent by the Maven build, into the jar) and
 * the bootstrap that delivers it: the container's main process reads exactly its size from stdin
 * into a root-only file on the /tmp tmpfs and becomes it. Only bash and coreutils are needed.
 */
public final class AgentBinary {
    static final String RESOURCE = "/org/warmpool/engine/agent/warmpool-agent";
    private static volatile byte[] bytes;

    private AgentBinary() {
    }

    /** The agent's bytes, read from the jar once. */
    public static byte[] bytes() {
        byte[] loaded = bytes;
        if (loaded == null) {
            try (InputStream in = AgentBinary.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the agent is not in this build (" + RESOURCE
                            + "); build with mvn package, which compiles runner-engine/src/main/agent");
                }
                loaded = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the agent from the jar", e);
            }
            bytes = loaded;
        }
        return loaded;
    }

    /** Whether this build carries the agent. */
    public static boolean available() {
        return AgentBinary.class.getResource(RESOURCE) != null;
    }

    /** The container's main process: receive the agent on stdin, then become it, in {@code mode}. */
    public static List<String> bootstrap(AgentMode mode) {
        return List.of("/bin/bash", "-c", "umask 077 && mkdir -p /tmp/.warmpool && head -c " + bytes().length
                + " > /tmp/.warmpool/agent && chmod 0500 /tmp/.warmpool/agent && exec /tmp/.warmpool/agent " + mode.argument());
    }
}
