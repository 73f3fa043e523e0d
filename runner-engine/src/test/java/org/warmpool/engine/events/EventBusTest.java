package org.warmpool.engine.events;

import org.warmpool.engine.api.EngineEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventBusTest {

    static EngineEvent event(int i) {
        return new EngineEvent.DockerStatusChanged(Instant.now(), true, Integer.toString(i));
    }

    @Test
    void listenersReceiveEventsInOrderOnTheirOwnThread() throws Exception {
        try (EventBus bus = new EventBus()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            bus.subscribe("a", e -> {
                seen.add(((EngineEvent.DockerStatusChanged) e).message());
                threads.add(Thread.currentThread().getName());
            });
            for (int i = 0; i < 100; i++) {
                bus.publish(event(i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == 100);
            assertThat(seen).first().isEqualTo("0");
            assertThat(seen).last().isEqualTo("99");
            assertThat(threads).allMatch(name -> name.equals("warmpool-events-a"));
        }
    }

    @Test
    void aListenerThatBlocksNeverBlocksThePublisherAndLossIsCounted() throws Exception {
        try (EventBus bus = new EventBus()) {
            CountDownLatch release = new CountDownLatch(1);
            bus.subscribe("stuck", e -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            // Publishing must finish while the listener is still stuck: a publisher that waited for
            // it would wait forever, as the listener is released only afterwards.
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EventBus.QUEUE_CAPACITY + 500; i++) {
                    bus.publish(event(i));
                }
            });
            await("every event published while the listener is stuck").atMost(Duration.ofSeconds(120)).until(publishing::isDone);
            assertThat(release.getCount()).as("the listener was still stuck").isEqualTo(1);
            assertThat(bus.dropped()).isBetween(499L, 501L);
            release.countDown();
        }
    }

    @Test
    void aListenerThatThrowsKeepsReceiving() {
        try (EventBus bus = new EventBus()) {
            List<EngineEvent> seen = new CopyOnWriteArrayList<>();
            bus.subscribe("flaky", e -> {
                seen.add(e);
                throw new IllegalStateException("boom");
            });
            bus.publish(event(1));
            bus.publish(event(2));
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == 2);
        }
    }
}
