package org.warmpool.engine.docker;

import org.warmpool.engine.api.LocalImage;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The only class that touches docker-java. Talks to the daemon named by {@code DOCKER_HOST}
 * (default {@code unix:///var/run/docker.sock}) through the zerodep transport.
 */
public final class DockerJavaRuntime implements ContainerRuntime {

    /** Ignored by default, so {@code stop --time N} only ends the container with the SIGKILL N seconds later. */
    static final String STOP_SIGNAL = "SIGWINCH";
    /** pid1's child waits; it also ignores SIGTERM, in case someone stops it with that. */
    static final List<String> WAITING_COMMAND =
            List.of("/bin/sh", "-c", "trap '' TERM; while :; do sleep 3600; done");

    private final DockerClient client;
    private final String host;

    public DockerJavaRuntime() {
        this(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    public DockerJavaRuntime(DockerClientConfig config) {
        this.host = String.valueOf(config.getDockerHost());
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String ping() {
        return call(() -> client.versionCmd().exec().getVersion());
    }

    @Override
    public DaemonInfo info() {
        return call(() -> {
            com.github.dockerjava.api.model.Info info = client.infoCmd().exec();
            return new DaemonInfo(info.getServerVersion(), info.getNCPU() == null ? 1 : info.getNCPU(),
                    info.getMemTotal() == null ? 0 : info.getMemTotal(), info.getName());
        });
    }

    @Override
    public InputStream saveImage(String image) {
        return call(() -> {
            try {
                client.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                throw new IllegalArgumentException("this engine has no image " + image, e);
            }
            return client.saveImageCmd(image).exec();
        });
    }

    @Override
    public boolean imageExists(String image) {
        return call(() -> {
            try {
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public List<LocalImage> images() {
        return call(() -> client.listImagesCmd().exec().stream()
                .map(i -> new LocalImage(i.getId(),
                        i.getRepoTags() == null ? List.of() : Arrays.stream(i.getRepoTags())
                                .filter(t -> !t.equals("<none>:<none>")).toList(),
                        i.getSize() == null ? 0 : i.getSize(),
                        i.getCreated() == null ? 0 : i.getCreated()))
                .toList());
    }

    @Override
    public Map<String, byte[]> readFiles(String image, List<String> paths, int maxBytesEach, Map<String, String> labels) {
        return call(() -> {
            String id = client.createContainerCmd(image)
                    .withEntrypoint("/bin/true")
                    .withCmd(List.of())
                    .withLabels(labels)
                    .withNetworkDisabled(true)
                    .exec().getId();
            try {
                Map<String, byte[]> found = new LinkedHashMap<>();
                for (String path : paths) {
                    byte[] content = readFile(id, image, path, maxBytesEach, 5);
                    if (content != null) {
                        found.put(path, content);
                    }
                }
                return found;
            } finally {
                remove(id);
            }
        });
    }

    /** Reads one file from a created container's filesystem, following up to {@code hops} symlinks. */
    private byte[] readFile(String containerId, String image, String path, int maxBytes, int hops) {
        try (InputStream tar = client.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry = in.getNextEntry();
            if (entry == null) {
                return null;
            }
            if (entry.isSymbolicLink() && hops > 0) {
                String target = entry.getLinkName();
                String resolved = target.startsWith("/") ? target : path.substring(0, path.lastIndexOf('/') + 1) + target;
                return readFile(containerId, image, resolved, maxBytes, hops - 1);
            }
            return entry.isFile() ? in.readNBytes(maxBytes) : null;
        } catch (NotFoundException missing) {
            return null;
        } catch (IOException e) {
            throw new DockerUnavailableException("reading " + path + " from " + image + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String createAndStart(ContainerSpec spec) {
        return call(() -> {
            CreateContainerResponse created = client.createContainerCmd(spec.image())
                    .withEntrypoint(WAITING_COMMAND)
                    .withCmd(List.of())
                    // stop's signal must be harmless from the first instant: a SIGTERM that beat the
                    // entrypoint's trap (a cold start claimed at once) killed the container before its run.
                    .withStopSignal(STOP_SIGNAL)
                    .withUser("root")
                    .withWorkingDir("/sandbox")
                    .withLabels(spec.labels())
                    .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withNetworkDisabled(true)
                    .withHostConfig(Hardening.hostConfig(spec))
                    .exec();
            try {
                client.startContainerCmd(created.getId()).exec();
            } catch (RuntimeException e) {
                remove(created.getId());
                throw e;
            }
            return created.getId();
        });
    }

    @Override
    public AttachedContainer createAttachedAndStart(ContainerSpec spec, AttachListener listener) {
        return call(() -> Attaching.createAttachAndStart(client, spec, Hardening.hostConfig(spec), STOP_SIGNAL, listener, this::remove));
    }

    @Override
    public ExecResult exec(String containerId, String user, List<String> env, List<String> command, byte[] stdin,
                           int outputCap, Duration waitAtMost, Runnable onStarted, ExecListener output) {
        return call(() -> {
            String execId;
            try {
                execId = client.execCreateCmd(containerId)
                        .withUser(user)
                        .withEnv(env)
                        .withCmd(command.toArray(String[]::new))
                        .withWorkingDir("/sandbox")
                        .withAttachStdin(stdin != null)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .exec().getId();
            } catch (NotFoundException | ConflictException e) {
                throw new ContainerGoneException("container " + shortId(containerId) + " is gone: " + e.getMessage(), e);
            }
            ExecHarvest harvest = new ExecHarvest(outputCap, output);
            var start = client.execStartCmd(execId);
            if (stdin != null) {
                start.withStdIn(new ByteArrayInputStream(stdin));
            }
            boolean finished;
            try {
                start.exec(harvest);
                onStarted.run();
                finished = harvest.awaitCompletion(waitAtMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            } catch (RuntimeException e) {
                // Starting an exec in a container that just died, or is being removed, fails with a
                // bare HTTP 500 on the upgrade; asking whether it still runs tells that from a daemon that is gone.
                if (!isRunning(containerId)) {
                    throw new ContainerGoneException("container " + shortId(containerId) + " stopped before the command ran", e);
                }
                throw e;
            } finally {
                closeQuietly(harvest);
            }
            Integer exitCode = null;
            if (finished) {
                try {
                    var inspected = client.inspectExecCmd(execId).exec();
                    if (!Boolean.TRUE.equals(inspected.isRunning())) {
                        exitCode = inspected.getExitCode();
                    }
                } catch (NotFoundException gone) {
                    // the container went away with its exec
                }
            }
            return harvest.result(exitCode);
        });
    }

    @Override
    public ContainerState state(String containerId) {
        return call(() -> {
            try {
                var state = client.inspectContainerCmd(containerId).exec().getState();
                boolean running = Boolean.TRUE.equals(state.getRunning());
                Long exit = state.getExitCodeLong();
                return new ContainerState(true, running, Boolean.TRUE.equals(state.getOOMKilled()),
                        running || exit == null ? null : exit.intValue());
            } catch (NotFoundException gone) {
                return ContainerState.GONE;
            }
        });
    }

    private boolean isRunning(String containerId) {
        try {
            return Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getRunning());
        } catch (NotFoundException gone) {
            return false;
        }
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        call(() -> {
            try {
                client.stopContainerCmd(containerId).withTimeout(timeoutSeconds).exec();
            } catch (NotFoundException | NotModifiedException | ConflictException alreadyGone) {
                // stopped or removed already: what we wanted
            }
            return null;
        });
    }

    @Override
    public void remove(String containerId) {
        call(() -> {
            try {
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // fine
            } catch (ConflictException removalInProgress) {
                // another thread is removing it already
            }
            return null;
        });
    }

    @Override
    public List<ManagedContainer> listManaged() {
        return call(() -> client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(Labels.PROJECT))
                .exec().stream()
                .map(c -> new ManagedContainer(c.getId(), c.getImage(),
                        c.getLabels() == null ? Map.of() : c.getLabels(), "running".equals(c.getState()),
                        c.getCreated() == null ? 0 : c.getCreated()))
                .toList());
    }

    @Override
    public Closeable subscribe(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
        return call(() -> client.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                // The label with its value: Podman's event filter matches no label given by its key alone.
                .withLabelFilter(Map.of(Labels.PROJECT, "1"))
                // Podman 4.3 knows Docker's "die" only as "died" and has "remove" for "destroy" (podman#16857);
                // Docker has no such events, so asking for them too changes nothing there.
                .withEventFilter("die", "destroy", "oom", "died", "remove")
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                                ? Map.of() : event.getActor().getAttributes();
                        onEvent.accept(ContainerEvent.fromDaemon(event.getId(), event.getAction(), attributes));
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        super.onError(throwable);
                        onEnd.accept(throwable);
                    }

                    @Override
                    public void onComplete() {
                        super.onComplete();
                        onEnd.accept(null);
                    }
                }));
    }

    @Override
    public void loadImage(InputStream imageTar) {
        call(() -> {
            StringBuilder error = new StringBuilder();
            StringBuilder loaded = new StringBuilder();
            try {
                client.loadImageAsyncCmd(imageTar).exec(new ResultCallback.Adapter<LoadResponseItem>() {
                    @Override
                    public void onNext(LoadResponseItem item) {
                        if (item.isErrorIndicated()) {
                            error.append(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
                        } else if (item.getStream() != null) {
                            loaded.append(item.getStream());
                        }
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the image", e);
            } catch (DockerException e) {
                error.append(e.getMessage());
            }
            // Docker answers 200 even for a file that is no image; the reason comes in the stream.
            if (error.length() > 0 || loaded.length() == 0) {
                throw new IllegalArgumentException("Docker could not load this file as an image: "
                        + (error.length() > 0 ? error.toString().trim() : "it reported no image loaded")
                        + ". Is it a tarball written by docker save?");
            }
            return null;
        });
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    /** Docker answered with an HTTP error: that's the caller's to handle. Anything else means no daemon. */
    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (DockerException | ContainerGoneException | DockerUnavailableException answered) {
            throw answered;
        } catch (RuntimeException e) {
            if (isTransportFailure(e)) {
                throw new DockerUnavailableException(DockerAdvice.unavailable(host, rootMessage(e)), e);
            }
            throw e;
        }
    }

    private static boolean isTransportFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.contains("LastErrorException") || name.contains("ConnectionClosed")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is best effort
        }
    }
}
