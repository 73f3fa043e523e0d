package org.warmpool.engine.events;

import org.warmpool.engine.api.EngineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers engine events to listeners, each on its own daemon thread through a bounded queue:
 * publishing never blocks the engine. A listener that falls more than {@link #QUEUE_CAPACITY}
 * events behind loses the newest ones and the loss is counted ({@link #dropped()}); the
 * snapshot API is how a slow listener catches up.
 */
public final class EventBus implements AutoCloseable {
    public static final int QUEUE_CAPACITY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Registers a listener; closing the returned handle stops delivery to it. */
    public AutoCloseable subscribe(String name, Consumer<EngineEvent> listener) {
        Subscriber subscriber = new Subscriber(name, listener);
        subscribers.add(subscriber);
        subscriber.thread.start();
        return () -> {
            subscribers.remove(subscriber);
            subscriber.thread.interrupt();
        };
    }

    public void publish(EngineEvent event) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.queue.offer(event)) {
                dropped.incrementAndGet();
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        for (Subscriber subscriber : subscribers) {
            subscriber.thread.interrupt();
        }
        subscribers.clear();
    }

    private static final class Subscriber {
        final BlockingQueue<EngineEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Thread thread;

        Subscriber(String name, Consumer<EngineEvent> listener) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    EngineEvent event;
                    try {
                        event = queue.poll(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (event == null) {
                        continue;
                    }
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        log.warn("event listener {} failed on {}", name, event.getClass().getSimpleName(), e);
                    }
                }
            }, "warmpool-events-" + name);
            thread.setDaemon(true);
        }
    }
}
