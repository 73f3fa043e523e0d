package org.warmpool.engine.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.api.EngineEvent;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.api.RunRejectedException.Reason;
import org.warmpool.engine.docker.ContainerEvent;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.events.EventBus;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one Docker engine: whether it answers, its stream of container deaths, and a periodic
 * reconcile for whatever the stream missed. When Docker stops answering, it says so once (an event)
 * and checks four times a second until it answers again, then resubscribes and tells the pools to
 * recover; meanwhile claims may {@link #awaitUp wait} for it, within a grace.
 */
final class DockerWatcher {
    private static final Logger log = LoggerFactory.getLogger(DockerWatcher.class);

    private final ContainerRuntime docker;
    private final EventBus bus;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration reconcileEvery;
    private final Consumer<ContainerEvent> onEvent;
    private final Runnable reconcile;
    private final Runnable recovered;
    private final Runnable wentDown;
    private volatile boolean up = true;
    /** It answered at least once since this engine started: only then is its silence an outage worth waiting out. */
    private volatile boolean answered;
    /** {@link System#nanoTime()} when Docker stopped answering; meaningful while it is down. */
    private volatile long downSince;
    private volatile Instant outageBegan = Instant.EPOCH;
    private final Object change = new Object();
    private volatile String message = "";
    private volatile boolean closing;
    private volatile Closeable stream;

    /**
     * @param onEvent   a container died, was removed, or ran out of memory
     * @param reconcile compares the pools with {@code docker ps}; may throw {@link DockerUnavailableException}
     * @param recovered Docker answers again (after {@code reconcile} ran)
     * @param wentDown  Docker stopped answering
     */
    DockerWatcher(ContainerRuntime docker, EventBus bus, Clock clock, ScheduledExecutorService scheduler, Duration reconcileEvery,
                  Consumer<ContainerEvent> onEvent, Runnable reconcile, Runnable recovered, Runnable wentDown) {
        this.docker = docker;
        this.bus = bus;
        this.clock = clock;
        this.scheduler = scheduler;
        this.reconcileEvery = reconcileEvery;
        this.onEvent = onEvent;
        this.reconcile = reconcile;
        this.recovered = recovered;
        this.wentDown = wentDown;
    }

    /** Subscribes and starts the periodic checks; {@code first} runs before the subscription when Docker answers. */
    void start(Runnable first) {
        try {
            docker.ping();
            answered = true;
            first.run();
            subscribe();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
        scheduler.scheduleWithFixedDelay(this::periodicReconcile, reconcileEvery.toMillis(), reconcileEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        // while it is down, submissions wait for it: notice its return quickly
        scheduler.scheduleWithFixedDelay(this::checkIfDown, 250, 250, TimeUnit.MILLISECONDS);
    }

    boolean up() {
        return up;
    }

    /**
     * Waits while Docker is down, until it answers again or it has been down for {@code grace}
     * (a submission that arrives later than that is not made to wait at all). A Docker that has
     * not answered once since the engine started is not waited for.
     *
     * @return whether Docker answers
     */
    boolean awaitUp(Duration grace) throws InterruptedException {
        if (!answered) {
            return false; // not installed or not started: nothing says it is coming back soon
        }
        synchronized (change) {
            while (!up && !closing) {
                long left = downSince + grace.toNanos() - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(change, left);
            }
            return up;
        }
    }

    /** When Docker last stopped answering (the epoch if it never did). */
    Instant lastOutageBegan() {
        return outageBegan;
    }

    /**
     * While Docker is down a claim waits for it, until it has been down for the grace; later
     * claims are answered at once, so a long outage does not stack up waiting submissions.
     *
     * @throws RunRejectedException {@code docker_unavailable} past the grace, {@code shutting_down} when closing
     */
    void awaitOrRefuse(Duration grace) {
        if (up) {
            return;
        }
        try {
            if (awaitUp(grace)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "interrupted while waiting for Docker");
        }
        if (closing) {
            throw new RunRejectedException(Reason.SHUTTING_DOWN, "Warmpool is shutting down; send it again when it is back.");
        }
        throw new RunRejectedException(Reason.DOCKER_UNAVAILABLE, message + " (Docker has not answered for "
                + downFor().toSeconds() + " s; Warmpool keeps trying and serves again as soon as it answers)");
    }

    /** How long Docker has been down; zero while it answers. */
    Duration downFor() {
        return up ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - downSince);
    }

    private void changed(boolean nowUp) {
        synchronized (change) {
            if (!nowUp) {
                downSince = System.nanoTime();
                outageBegan = clock.instant();
            }
            up = nowUp;
            change.notifyAll();
        }
    }

    /** Why Docker is not answering, with what to do; empty while it answers. */
    String message() {
        return message;
    }

    /** Docker stopped answering: claims wait for it within their grace, then fail fast, until a check sees it back. */
    void markDown(String why) {
        if (closing) {
            return;
        }
        message = why;
        if (up) {
            changed(false);
            log.warn("Docker is not answering: {}", why);
            bus.publish(new EngineEvent.DockerStatusChanged(clock.instant(), false, why));
            wentDown.run();
        }
    }

    private void subscribe() {
        closeStream();
        stream = docker.subscribe(onEvent, ended -> {
            if (!closing) {
                scheduler.execute(this::resubscribeOrMarkDown);
            }
        });
    }

    private void resubscribeOrMarkDown() {
        try {
            docker.ping();
            subscribe();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
    }

    private void periodicReconcile() {
        if (!up || closing) {
            return;
        }
        try {
            reconcile.run();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("reconcile failed", e);
        }
    }

    private void checkIfDown() {
        if (up || closing) {
            return;
        }
        try {
            docker.ping();
        } catch (DockerUnavailableException e) {
            return;
        }
        log.info("Docker is answering again after {} s", downFor().toSeconds());
        answered = true;
        changed(true);
        message = "";
        bus.publish(new EngineEvent.DockerStatusChanged(clock.instant(), true, ""));
        try {
            subscribe();
            reconcile.run();
            recovered.run();
        } catch (DockerUnavailableException e) {
            markDown(e.getMessage());
        }
    }

    private void closeStream() {
        Closeable previous = stream;
        if (previous != null) {
            try {
                previous.close();
            } catch (Exception ignored) {
                // replaced or closing anyway
            }
        }
    }

    void close() {
        synchronized (change) {
            closing = true;
            change.notifyAll();
        }
        closeStream();
    }
}
