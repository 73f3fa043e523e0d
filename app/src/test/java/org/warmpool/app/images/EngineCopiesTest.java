package org.warmpool.app.images;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.EngineStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.warmpool.app.engines.EngineSnapshots.at;
import static org.warmpool.app.engines.EngineSnapshots.down;
import static org.warmpool.app.engines.EngineSnapshots.up;

/** The Images tab with several Docker engines: which holds each image, and copying one over, with progress and cancel. */
class EngineCopiesTest {
    static final long MB = 1000 * 1000;
    static final String BUSYBOX = "warmpool/busybox:latest";
    final FakeEngineImages images = new FakeEngineImages()
            .holds("warmpool/busybox", 4 * MB, Map.of("local", true, "dind-2", true, "dind-3", false));
    final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    final ExecutorService io = Executors.newSingleThreadExecutor();
    final ImagesViewModel model = new ImagesViewModel(images, fxQueue::add, io);
    final EngineCopies copies = model.copies();

    static final EngineStatus LOCAL = up("local", "unix:///var/run/docker.sock", 0, 0, 0, 0);
    static final EngineStatus DIND2 = up("dind-2", "unix:///var/run/warmpool-test-2.sock", 0, 0, 0, 0);
    static final EngineStatus DIND3 = up("dind-3", "unix:///var/run/warmpool-test-3.sock", 0, 0, 0, 0);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    /** Runs what the background handed to the FX thread until {@code condition} holds. */
    <T> T until(Supplier<T> value, java.util.function.Predicate<T> condition) {
        await().until(() -> {
            Runnable r;
            while ((r = fxQueue.poll()) != null) {
                r.run();
            }
            return condition.test(value.get());
        });
        return value.get();
    }

    ImageRow busybox() {
        return until(() -> model.rows().stream().filter(r -> r.name().equals(BUSYBOX)).findFirst().orElse(null),
                r -> r != null && !r.enginesProperty().get().isEmpty());
    }

    void listed() {
        model.update(at(0, List.of(), LOCAL, DIND2, DIND3));
        model.refresh();
    }

    @Test
    void eachImageSaysWhichEnginesHoldIt() {
        listed();

        ImageRow row = busybox();

        assertThat(copies.severalProperty().get()).isTrue();
        assertThat(row.enginesProperty().get()).isEqualTo("local ✓ · dind-2 ✓ · dind-3 ✕");
        assertThat(row.lacking()).containsExactly("dind-3");
    }

    @Test
    void aCopyShowsTheBytesSentAgainstTheImagesSizeThenTheEngineHoldsIt() {
        listed();
        ImageRow row = busybox();

        fxQueue.add(() -> copies.copy(row, "dind-3"));
        FakeEngineImages.Copy copy = until(() -> images.copy, c -> c != null);
        copy.sent.accept(2 * MB);

        assertThat(until(() -> copies.textProperty().get(), t -> t.contains("MB of")))
                .isEqualTo("warmpool/busybox:latest to dind-3 · 2.0 MB of about 4.0 MB");
        assertThat(copies.progressProperty().get()).isEqualTo(0.5);
        assertThat(copies.copyingProperty().get()).isTrue();

        copy.finish();

        assertThat(until(() -> copies.messageProperty().get(), m -> !m.isEmpty()))
                .isEqualTo("Copied warmpool/busybox:latest to dind-3: it takes its share of the image's pool.");
        assertThat(copies.copyingProperty().get()).isFalse();
        assertThat(until(() -> row.enginesProperty().get(), t -> t.endsWith("dind-3 ✓"))).isEqualTo("local ✓ · dind-2 ✓ · dind-3 ✓");
        assertThat(images.copies).containsExactly(BUSYBOX + " → dind-3");
    }

    @Test
    void aCancelledCopyLeavesTheEngineWithoutTheImageAndSaysSo() {
        listed();
        ImageRow row = busybox();
        fxQueue.add(() -> copies.copy(row, "dind-3"));
        FakeEngineImages.Copy copy = until(() -> images.copy, c -> c != null);
        copy.sent.accept(MB);

        copies.cancel();

        assertThat(until(() -> copies.messageProperty().get(), m -> !m.isEmpty()))
                .isEqualTo("Copy of warmpool/busybox:latest to dind-3 cancelled: dind-3 keeps nothing of it.");
        assertThat(copy.cancelled).as("the engine's copy was cancelled").isTrue();
        assertThat(copies.errorProperty().get()).isEmpty();
        assertThat(copies.copyingProperty().get()).isFalse();
        assertThat(row.lacking()).containsExactly("dind-3");
    }

    @Test
    void aCopyTheEngineRefusesSaysWhyInItsWords() {
        listed();
        ImageRow row = busybox();
        images.refuse = new IllegalArgumentException("dind-3 does not answer: connection refused");

        fxQueue.add(() -> copies.copy(row, "dind-3"));

        assertThat(until(() -> copies.errorProperty().get(), e -> !e.isEmpty()))
                .isEqualTo("Not copied: dind-3 does not answer: connection refused");
        assertThat(copies.copyingProperty().get()).isFalse();
    }

    @Test
    void whenTheEnginesThatAnswerChangeTheyAreAskedAgain() {
        listed();
        ImageRow row = busybox();
        images.where.get(BUSYBOX).remove("dind-2"); // it does not answer, so the engine leaves it out

        model.update(at(5, List.of(), LOCAL, down("dind-2", "unix:///var/run/warmpool-test-2.sock", "gone", 0), DIND3));

        assertThat(until(() -> row.enginesProperty().get(), t -> !t.contains("dind-2"))).isEqualTo("local ✓ · dind-3 ✕");
    }

    @Test
    void anImageEveryEngineHoldsHasNothingToCopyAndSaysSo() {
        images.where.get(BUSYBOX).put("dind-3", true);
        listed();
        ImageRow row = busybox();

        copies.nothingToCopy(row);

        assertThat(row.lacking()).isEmpty();
        assertThat(copies.messageProperty().get())
                .isEqualTo("Every engine that answers holds warmpool/busybox:latest already: nothing to copy.");
        assertThat(images.copies).isEmpty();
    }

    @Test
    void withOneEngineNoEngineIsAskedAndNoCopyIsOffered() {
        model.update(at(0, List.of(), LOCAL));
        model.refresh();

        ImageRow row = until(() -> model.rows().isEmpty() ? null : model.rows().get(0), r -> r != null && r.readiness() == ImageRow.Readiness.READY);

        assertThat(copies.severalProperty().get()).isFalse();
        assertThat(row.enginesProperty().get()).isEmpty();
    }
}
