package org.warmpool.engine.docker;

import org.warmpool.engine.api.LocalImage;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the engine asks of Docker. {@link DockerJavaRuntime} is the real one; unit tests may
 * put a fake behind this interface, but every path here is also proven against a real daemon.
 * Methods throw {@link DockerUnavailableException} when the daemon does not answer.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The daemon's version; the cheapest call that proves it answers. */
    String ping();

    /**
     * What {@code docker info} says: version, cores and memory (placement weighs engines by them).
     * Fakes answer this machine's own figures.
     */
    default DaemonInfo info() {
        return new DaemonInfo(ping(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), "");
    }

    boolean imageExists(String image);

    List<LocalImage> images();

    /**
     * Reads files from an image without running it (a created, never started container that is
     * removed straight after). Missing files are absent from the answer.
     */
    Map<String, byte[]> readFiles(String image, List<String> paths, int maxBytesEach, Map<String, String> labels);

    /** Creates and starts a hardened container whose pid1 ignores SIGTERM and waits. Returns its id. */
    String createAndStart(ContainerSpec spec);

    /**
     * Creates a hardened container running {@link ContainerSpec#command()} as its main process (under
     * init), attaches to its stdin, stdout and stderr before starting it (so nothing it says early is
     * lost), then starts it.
     *
     * @throws DockerUnavailableException when Docker does not answer
     */
    AttachedContainer createAttachedAndStart(ContainerSpec spec, AttachListener listener);

    /**
     * Runs a command in a running container and waits for it, streaming {@code stdin} (which the
     * command must read by exact length: Docker never delivers EOF on an exec's stdin).
     *
     * @param waitAtMost stop waiting after this long (the exit code is then {@code null})
     */
    default ExecResult exec(String containerId, String user, List<String> env, List<String> command, byte[] stdin,
                            int outputCap, Duration waitAtMost) {
        return exec(containerId, user, env, command, stdin, outputCap, waitAtMost, () -> { });
    }

    /**
     * As above; {@code onStarted} runs as soon as the daemon has started the command (before it
     * finishes), on the calling thread.
     */
    default ExecResult exec(String containerId, String user, List<String> env, List<String> command, byte[] stdin,
                            int outputCap, Duration waitAtMost, Runnable onStarted) {
        return exec(containerId, user, env, command, stdin, outputCap, waitAtMost, onStarted, ExecListener.NONE);
    }

    /**
     * As above, and {@code output} is told what the command writes as it arrives (the bytes the
     * result keeps: the first {@code outputCap} of each stream), before this returns.
     */
    ExecResult exec(String containerId, String user, List<String> env, List<String> command, byte[] stdin,
                    int outputCap, Duration waitAtMost, Runnable onStarted, ExecListener output);

    /**
     * Asks the daemon to stop the container, SIGKILLing it {@code timeoutSeconds} after a SIGTERM it
     * ignores. Blocks until the container is dead, or returns at once when it is already gone.
     */
    void stop(String containerId, int timeoutSeconds);

    /** Whether the container still exists and runs, and how it ended; {@link ContainerState#GONE} once removed. */
    ContainerState state(String containerId);

    /** Kills and removes; a container that is already gone is not an error. */
    void remove(String containerId);

    /** All containers carrying {@link Labels#PROJECT}, running or not. */
    List<ManagedContainer> listManaged();

    /** Streams die/destroy/oom events of Warmpool containers until closed or the daemon goes away. */
    Closeable subscribe(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd);

    /**
     * {@code docker save}: the image as a tarball, streamed; closing the stream cuts the transfer short.
     *
     * @throws IllegalArgumentException when this engine does not have the image
     */
    default InputStream saveImage(String image) {
        throw new UnsupportedOperationException("this runtime cannot save images");
    }

    /** {@code docker load}: reads an image tarball (as written by {@code docker save}). */
    void loadImage(InputStream imageTar);

    @Override
    void close();
}
