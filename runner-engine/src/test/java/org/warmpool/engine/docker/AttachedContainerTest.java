package org.warmpool.engine.docker;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Talking to a container's main process over Docker's attach stream, against the real daemon. */
class AttachedContainerTest {

    static final class Collected implements AttachListener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();

        @Override
        public synchronized void stdout(byte[] chunk) {
            out.writeBytes(chunk);
        }

        @Override
        public synchronized void stderr(byte[] chunk) {
            err.writeBytes(chunk);
        }

        @Override
        public void ended(Throwable cause) {
            end.complete(cause);
        }

        synchronized String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void whatIsWrittenReachesTheMainProcessAndWhatItSaysComesBackOnBothStreams() throws Exception {
        Collected said = new Collected();
        ContainerSpec spec = new ContainerSpec(DemoImages.BUSYBOX, Map.of(Labels.PROJECT, "1", Labels.OWNER, Labels.owner("attach-test")),
                Map.of(), true, 64L << 20, 64, 8)
                .withMain(List.of("/bin/sh", "-c", "echo hello >&2; while read -r line; do echo \"got $line\"; done"), Set.of());
        try (DockerJavaRuntime docker = new DockerJavaRuntime()) {
            AttachedContainer container = docker.createAttachedAndStart(spec, said);
            try {
                await("the first words, said before anything was sent").atMost(Duration.ofSeconds(60))
                        .until(() -> said.err().equals("hello\n"));
                container.write("one\ntw".getBytes(StandardCharsets.UTF_8));
                container.write("o\n".getBytes(StandardCharsets.UTF_8));
                await("both answers").atMost(Duration.ofSeconds(60)).until(() -> said.out().equals("got one\ngot two\n"));
                assertThat(said.end).as("the stream stays open between messages").isNotDone();
            } finally {
                container.close();
                docker.remove(container.id());
            }
            await("the stream ends with the container").atMost(Duration.ofSeconds(60)).until(said.end::isDone);
        }
    }
}
