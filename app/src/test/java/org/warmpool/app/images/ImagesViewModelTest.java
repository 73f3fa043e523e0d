package org.warmpool.app.images;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.Images;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.ThrottleLimits;
import org.warmpool.engine.api.ThrottleSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The Images tab's model against a fake Docker, work done on the calling thread. */
class ImagesViewModelTest {
    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @TempDir
    Path dir;

    /** Docker as the tab sees it, by hand. A load runs when the tab waits for it, on the tab's thread. */
    static class FakeDocker implements Images {
        final List<LocalImage> images = new ArrayList<>();
        final Map<String, ImageCheck> checks = new java.util.HashMap<>();
        final List<String> checked = new ArrayList<>();
        RuntimeException listFails;
        /** What a load does: reports progress, then adds these images (or fails). */
        List<LocalImage> loadAdds = List.of();
        RuntimeException loadFails;
        Runnable onFirstProgress = () -> {
        };

        @Override
        public List<LocalImage> list() {
            if (listFails != null) {
                throw listFails;
            }
            return List.copyOf(images);
        }

        @Override
        public ImageCheck check(String image) {
            checked.add(image);
            ImageCheck check = checks.get(image);
            if (check == null) {
                throw new IllegalStateException("probe container would not start");
            }
            return check;
        }

        @Override
        public Load load(Path tarball, LongConsumer progress) {
            AtomicBoolean cancelled = new AtomicBoolean();
            return new Load() {
                CompletableFuture<Void> done;

                @Override
                public CompletableFuture<Void> done() {
                    if (done == null) {
                        done = run(tarball, progress, cancelled);
                    }
                    return done;
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            };
        }

        private CompletableFuture<Void> run(Path tarball, LongConsumer progress, AtomicBoolean cancelled) {
            try {
                long size = Files.size(tarball);
                for (long read = size / 4; read <= size; read += size / 4) {
                    progress.accept(read);
                    if (read == size / 4) {
                        onFirstProgress.run();
                    }
                    if (cancelled.get()) {
                        return CompletableFuture.failedFuture(new CancellationException("the load was cancelled"));
                    }
                }
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (loadFails != null) {
                return CompletableFuture.failedFuture(loadFails);
            }
            images.addAll(loadAdds);
            return CompletableFuture.completedFuture(null);
        }
    }

    final FakeDocker docker = new FakeDocker();
    final List<String> progressSeen = new ArrayList<>();
    final ImagesViewModel model = new ImagesViewModel(docker, Runnable::run, Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));

    static LocalImage image(String id, long size, long ageSeconds, String... tags) {
        return new LocalImage("sha256:" + id + "0".repeat(64 - id.length()), List.of(tags), size, NOW.getEpochSecond() - ageSeconds);
    }

    ImageRow row(String name) {
        return model.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    Path tarball(long bytes) throws IOException {
        return Files.write(dir.resolve("busybox.tar"), new byte[(int) bytes]);
    }

    @Test
    void everyNameIsListedAndCheckedWithWhatItLacks() {
        docker.images.add(image("aa11", 1_990_000, 3 * 3600, "warmpool/busybox:latest"));
        docker.images.add(image("bb22", 77_800_000, 40 * 86400, "debian:12", "debian:bookworm"));
        docker.images.add(image("cc33", 5_000, 30));
        docker.checks.put("warmpool/busybox:latest", new ImageCheck("warmpool/busybox:latest", true, List.of()));
        docker.checks.put("debian:12", new ImageCheck("debian:12", false, List.of("no sandbox user with uid 41966 in /etc/passwd",
                "no traffic-light rule at /usr/local/bin/red_amber_green.rb")));

        model.refresh();

        assertThat(model.rows()).extracting(ImageRow::name).containsExactly("debian:12", "debian:bookworm", "warmpool/busybox:latest", "cc3300000000");
        assertThat(row("warmpool/busybox:latest").readiness()).isEqualTo(ImageRow.Readiness.READY);
        assertThat(row("warmpool/busybox:latest").size()).isEqualTo("2.0 MB");
        assertThat(row("warmpool/busybox:latest").created()).isEqualTo("3 hours ago");
        assertThat(row("debian:12").readiness()).isEqualTo(ImageRow.Readiness.NOT_READY);
        assertThat(row("debian:12").whyProperty().get())
                .isEqualTo("no sandbox user with uid 41966 in /etc/passwd; no traffic-light rule at /usr/local/bin/red_amber_green.rb");
        assertThat(row("debian:bookworm").readiness()).as("a check that fails is unknown, with why").isEqualTo(ImageRow.Readiness.UNKNOWN);
        assertThat(row("debian:bookworm").whyProperty().get()).isEqualTo("could not check: probe container would not start");
        assertThat(row("cc3300000000").readiness()).isEqualTo(ImageRow.Readiness.UNTAGGED);
        assertThat(row("cc3300000000").whyProperty().get()).contains("docker tag cc3300000000");
        assertThat(docker.checked).doesNotContain("cc3300000000");
        assertThat(model.checkingProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("3 images · 3 names · 1 ready for Warmpool");
    }

    @Test
    void whenDockerDoesNotAnswerTheListSaysWhy() {
        docker.listFails = new DockerUnavailableException("Docker is not answering at unix:///var/run/docker.sock", null);

        model.refresh();

        assertThat(model.rows()).isEmpty();
        assertThat(model.problemProperty().get()).isEqualTo("Docker did not list its images: Docker is not answering at unix:///var/run/docker.sock");
        assertThat(model.listingProperty().get()).isFalse();
    }

    @Test
    void imagesThatAPoolServesSaySo() {
        docker.images.add(image("aa11", 1_990_000, 60, "warmpool/busybox:latest"));
        docker.checks.put("warmpool/busybox:latest", new ImageCheck("warmpool/busybox:latest", true, List.of()));
        model.refresh();

        model.update(new EngineSnapshot(NOW, true, "", List.of(new PoolSnapshot("warmpool/busybox", PoolState.READY, "", 2, 2, 0, 0, 0, 0, 0,
                Map.of(), 0, 0, true, "image", true)), List.of(),
                new ThrottleSnapshot(ThrottleLimits.defaults(), 0, 0, 0, Map.of()), 0, 0, 0, 0, 0, 0));

        assertThat(row("warmpool/busybox:latest").poolProperty().get()).isEqualTo("pool · 2 warm");
    }

    @Test
    void theOfflinePathIsSpelledOut() {
        assertThat(ImagesViewModel.HINT).contains("USB stick").contains("docker save").contains("Load image…");
    }

    @Test
    void loadingShowsBytesReadOfTheTotalThenMarksWhatIsNew() throws Exception {
        docker.images.add(image("aa11", 1_990_000, 60, "warmpool/busybox:latest"));
        docker.checks.put("warmpool/busybox:latest", new ImageCheck("warmpool/busybox:latest", true, List.of()));
        docker.checks.put("warmpool/python-pytest:latest", new ImageCheck("warmpool/python-pytest:latest", true, List.of()));
        docker.loadAdds = List.of(image("dd44", 136_000_000, 60, "warmpool/python-pytest:latest"));
        model.refresh();
        model.loadTextProperty().addListener((o, was, now) -> progressSeen.add(now));

        model.load(List.of(tarball(4_000_000)));

        assertThat(progressSeen).contains("busybox.tar · 0 B of 4.0 MB", "busybox.tar · 2.0 MB of 4.0 MB",
                "busybox.tar · 4.0 MB of 4.0 MB · Docker is unpacking…");
        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(model.loadErrorProperty().get()).isEmpty();
        assertThat(model.loadMessageProperty().get()).isEqualTo("Loaded busybox.tar: warmpool/python-pytest:latest.");
        assertThat(row("warmpool/python-pytest:latest").freshProperty().get()).isEqualTo("just loaded");
        assertThat(row("warmpool/python-pytest:latest").readiness()).isEqualTo(ImageRow.Readiness.READY);
        assertThat(row("warmpool/busybox:latest").freshProperty().get()).isEmpty();
    }

    @Test
    void loadingAnImageThatIsAlreadyHereSaysNothingNewArrived() throws Exception {
        docker.images.add(image("aa11", 1_990_000, 60, "warmpool/busybox:latest"));
        docker.checks.put("warmpool/busybox:latest", new ImageCheck("warmpool/busybox:latest", true, List.of()));
        model.refresh();

        model.load(List.of(tarball(1000)));

        assertThat(model.loadMessageProperty().get()).contains("no new image names");
    }

    @Test
    void aLoadDockerRefusesShowsDockersWords() throws Exception {
        docker.loadFails = new IllegalArgumentException("Docker could not load this file as an image: unexpected EOF. "
                + "Is it a tarball written by docker save?");

        model.load(List.of(tarball(1000)));

        assertThat(model.loadErrorProperty().get()).isEqualTo("Not loaded: busybox.tar: Docker could not load this file as an image: "
                + "unexpected EOF. Is it a tarball written by docker save?");
        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(model.loadMessageProperty().get()).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsSaidSo() {
        model.load(List.of(dir.resolve("missing.tar")));
        assertThat(model.loadErrorProperty().get()).startsWith("Not loaded: Could not read ").contains("missing.tar");
    }

    @Test
    void cancellingALoadStopsItAndSaysSo() throws Exception {
        docker.loadAdds = List.of(image("dd44", 136_000_000, 60, "warmpool/python-pytest:latest"));
        docker.onFirstProgress = model::cancelLoad;

        model.load(List.of(tarball(4_000_000)));

        assertThat(model.loadMessageProperty().get()).isEqualTo("Load cancelled.");
        assertThat(model.loadErrorProperty().get()).isEmpty();
        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(docker.images).as("nothing loaded").isEmpty();
    }

    @Test
    void stoppingTheChecksLeavesTheRestUnchecked() {
        docker.images.add(image("aa11", 1, 60, "a:1"));
        docker.images.add(image("bb22", 1, 60, "b:1"));
        docker.checks.put("a:1", new ImageCheck("a:1", true, List.of()));
        docker.checks.put("b:1", new ImageCheck("b:1", true, List.of()));
        ImagesViewModel[] self = new ImagesViewModel[1];
        FakeDocker stopping = new FakeDocker() {
            @Override
            public ImageCheck check(String image) {
                self[0].cancelChecks();
                return docker.check(image);
            }

            @Override
            public List<LocalImage> list() {
                return docker.list();
            }
        };
        self[0] = new ImagesViewModel(stopping, Runnable::run, Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));

        self[0].refresh();

        assertThat(self[0].rows()).extracting(ImageRow::readiness).containsExactly(ImageRow.Readiness.READY, ImageRow.Readiness.UNKNOWN);
        assertThat(self[0].rows().get(1).whyProperty().get()).contains("cancelled");
    }
}
