package org.warmpool.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards each result to a saver: an HTTP POST of the result JSON, from a thread of its own, so
 * a slow or failing saver never touches a run. Each result is tried up to {@link #ATTEMPTS} times
 * with growing pauses; a 4xx answer (other than 408 and 429) is final. The backlog is bounded:
 * when the saver falls too far behind, the newest results are dropped (and counted) rather than
 * memory grown without end. Every POST carries an {@code Idempotency-Key} that stays the same
 * across retries, so a saver can drop a repeat it has already stored.
 */
public final class Saver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Saver.class);
    public static final int ATTEMPTS = 5;
    public static final int DEFAULT_BACKLOG = 1000;

    private final URI url;
    private final Duration firstPause;
    private final BlockingQueue<Item> backlog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String problem = "";
    private volatile boolean closed;

    private record Item(String key, String json) {
    }

    public Saver(URI url) {
        this(url, DEFAULT_BACKLOG, Duration.ofMillis(500));
    }

    /**
     * @param backlog    results waiting to be sent, at most
     * @param firstPause the pause before the first retry; each later pause doubles
     */
    public Saver(URI url, int backlog, Duration firstPause) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the saver URL must be http:// or https://, not " + url);
        }
        this.url = url;
        this.firstPause = firstPause;
        this.backlog = new ArrayBlockingQueue<>(backlog);
        thread = new Thread(this::sendLoop, "warmpool-saver");
        thread.setDaemon(true);
        thread.start();
    }

    public URI url() {
        return url;
    }

    /** Queues one result for the saver; returns at once. */
    public void forward(String resultJson) {
        if (closed) {
            return;
        }
        if (!backlog.offer(new Item(UUID.randomUUID().toString(), resultJson))) {
            if (dropped.getAndIncrement() % 100 == 0) {
                log.warn("the saver at {} is {} results behind; dropping new results until it catches up", url, backlog.size());
            }
        }
    }

    /**
     * @param sent    results the saver accepted
     * @param failed  results given up on after every attempt
     * @param dropped results never queued because the backlog was full
     * @param backlog results waiting
     */
    public record Stats(URI url, long sent, long failed, long dropped, int backlog, String problem) {
    }

    public Stats stats() {
        return new Stats(url, sent.get(), failed.get(), dropped.get(), backlog.size(), problem);
    }

    private void sendLoop() {
        while (!closed || !backlog.isEmpty()) {
            Item item;
            try {
                item = backlog.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item != null) {
                deliver(item);
            }
        }
    }

    private void deliver(Item item) {
        long pause = firstPause.toMillis();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String why;
            boolean last = attempt == ATTEMPTS;
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", item.key())
                        .POST(HttpRequest.BodyPublishers.ofString(item.json())).build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    sent.incrementAndGet();
                    problem = "";
                    return;
                }
                why = "HTTP " + status;
                if (status / 100 == 4 && status != 408 && status != 429) {
                    last = true;
                }
            } catch (IOException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (last) {
                failed.incrementAndGet();
                problem = "the saver at " + url + " refused a result: " + why;
                log.warn("{} (gave up after {} attempt(s))", problem, attempt);
                return;
            }
            try {
                Thread.sleep(closed ? Math.min(pause, 200) : pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause *= 2;
        }
    }

    /** Sends what is queued for up to {@code grace}, then stops. */
    public void close(Duration grace) {
        closed = true;
        if (grace.isZero() || grace.isNegative()) {
            thread.interrupt();
            return;
        }
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
