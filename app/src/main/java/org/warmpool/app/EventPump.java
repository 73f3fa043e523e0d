package org.warmpool.app;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.EngineSnapshot;
import org.warmpool.engine.api.Warmpool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Carries the engine's events to the FX thread in batches, at most {@link #FRAMES_PER_SECOND}
 * times a second, with a fresh snapshot each time: a burst of a thousand container events costs
 * the window one redraw, and the engine never waits for the UI.
 */
public final class EventPump implements AutoCloseable {
    public static final int FRAMES_PER_SECOND = 4;
    /** Events kept waiting for the next frame; beyond this the oldest are dropped (the snapshot still catches up). */
    static final int BACKLOG = 5_000;

    private final Warmpool warmpool;
    private final ConcurrentLinkedQueue<EngineEvent> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final List<BiConsumer<EngineSnapshot, List<EngineEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;
    private Timeline timeline;

    /** Subscribes to {@code warmpool}'s events at once; frames start with {@link #start()}. */
    public EventPump(Warmpool warmpool) {
        this.warmpool = warmpool;
        this.subscription = warmpool.subscribe("console", event -> {
            backlog.add(event);
            if (size.incrementAndGet() > BACKLOG) {
                backlog.poll();
                size.decrementAndGet();
            }
        });
    }

    /** Calls {@code listener} on the FX thread with the latest snapshot and the events since the last frame. */
    public void listen(BiConsumer<EngineSnapshot, List<EngineEvent>> listener) {
        listeners.add(listener);
    }

    /** Starts the frames; call on the FX thread. */
    public void start() {
        timeline = new Timeline(new KeyFrame(Duration.millis(1000.0 / FRAMES_PER_SECOND), e -> frame()));
        timeline.setCycleCount(Animation.INDEFINITE);
        timeline.play();
        frame();
    }

    /** One frame, now: drains the backlog and hands it with a snapshot to every listener. */
    public void frame() {
        List<EngineEvent> events = new ArrayList<>();
        EngineEvent e;
        while ((e = backlog.poll()) != null) {
            size.decrementAndGet();
            events.add(e);
        }
        EngineSnapshot snapshot = warmpool.snapshot();
        for (var listener : listeners) {
            listener.accept(snapshot, events);
        }
    }

    @Override
    public void close() {
        if (timeline != null) {
            if (Platform.isFxApplicationThread()) {
                timeline.stop();
            } else {
                try {
                    Platform.runLater(timeline::stop);
                } catch (IllegalStateException toolkitGone) {
                    // JavaFX has exited (a shutdown hook closing the console): nothing left to stop
                }
            }
        }
        try {
            subscription.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
