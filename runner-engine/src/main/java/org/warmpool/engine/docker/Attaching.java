package org.warmpool.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.StreamType;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Docker's attach semantics for a container whose main process the engine talks to: create with
 * stdin open (never closed by a first client leaving), attach before start (or what the process
 * says first is lost, docker-java #661), then start; stdout and stderr demultiplexed to a listener.
 */
final class Attaching {
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);

    private Attaching() {
    }

    static AttachedContainer createAttachAndStart(DockerClient client, ContainerSpec spec, HostConfig hostConfig, String stopSignal,
                                                  AttachListener listener, Consumer<String> remove) {
        CreateContainerResponse created = client.createContainerCmd(spec.image())
                .withEntrypoint(spec.command())
                .withCmd(List.of())
                .withStopSignal(stopSignal)
                .withUser("root")
                .withWorkingDir("/sandbox")
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withNetworkDisabled(true)
                // Docker's attach semantics: stdin open and never closed by a first client leaving.
                .withStdinOpen(true)
                .withStdInOnce(false)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false)
                // The frames (tars included) must not also go to a json log file on the host.
                .withHostConfig(hostConfig.withLogConfig(new LogConfig(LogConfig.LoggingType.NONE)))
                .exec();
        String id = created.getId();
        StdinQueue stdin = new StdinQueue();
        CountDownLatch attached = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onStart(Closeable closeable) {
                super.onStart(closeable);
                attached.countDown();
            }

            @Override
            public void onNext(Frame frame) {
                // The payload buffer is reused by the transport: hand on a copy.
                byte[] chunk = frame.getPayload().clone();
                if (frame.getStreamType() == StreamType.STDERR) {
                    listener.stderr(chunk);
                } else {
                    listener.stdout(chunk);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                super.onError(throwable);
                listener.ended(throwable);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                listener.ended(null);
            }
        };
        try {
            // Attach before start, or what the process says first is lost (docker-java #661).
            client.attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).withLogs(false).exec(stream);
            if (!attached.await(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Docker did not attach to container " + shortId(id) + " within "
                        + ATTACH_WAIT.toSeconds() + " s");
            }
            client.startContainerCmd(id).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(stream);
            stdin.close();
            remove.accept(id);
            throw new IllegalStateException("interrupted while attaching", e);
        } catch (RuntimeException e) {
            closeQuietly(stream);
            stdin.close();
            remove.accept(id);
            throw e;
        }
        return new AttachedContainer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                stdin.offer(bytes);
            }

            @Override
            public void close() {
                stdin.close();
                closeQuietly(stream);
            }
        };
    }

    private static String shortId(String id) {
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
