package org.warmpool.engine.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.gateway.Replies;
import org.warmpool.engine.replay.SubmissionClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A soak's clients: closed-loop WebSocket and HTTP clients working through the {@link Kind#mix()}
 * until the plan's runs are all sent (and each fault has had its turn), plus idle connections, slow
 * senders and clients that vanish.
 * A client whose connection breaks reconnects and sends again, as the browser page does; one told
 * to retry later does so after {@code retry_after_ms}. Every submission is a {@link Sent}.
 */
final class SoakClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a client waits for one answer beyond its time limit before it calls the submission lost. */
    private static final int ANSWER_WAIT_SECONDS = 120;
    /** However long a fault waits for its turn, the load stops at this many times the planned runs. */
    static final int MORE_RUNS_AT_MOST = 5;

    private final ServeProcess serve;
    private final List<Kind> mix;
    private final Map<Kind, byte[]> tgz = new HashMap<>();
    private final int runs;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicLong strayReplies = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<SubmissionClient> idle = new CopyOnWriteArrayList<>();
    private final List<Socket> slowSockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger vanished = new AtomicInteger();
    private volatile boolean stopping;
    private volatile BooleanSupplier more = () -> false;

    SoakClients(ServeProcess serve, List<Kind> mix, int runs) {
        this.serve = serve;
        this.mix = mix;
        this.runs = runs;
        mix.forEach(k -> tgz.put(k, k.tgz()));
    }

    void start(int wsClients, int httpClients, int idleConnections, int slowSenders) {
        openIdle(idleConnections);
        for (int i = 0; i < wsClients; i++) {
            int n = i;
            threads.add(daemon("soak-ws-" + n, () -> webSocketClient(n)));
        }
        for (int i = 0; i < httpClients; i++) {
            int n = i;
            threads.add(daemon("soak-http-" + n, () -> httpClient(n)));
        }
        for (int i = 0; i < slowSenders; i++) {
            daemon("soak-slow-" + i, this::slowSender).start();
        }
        threads.forEach(Thread::start);
    }

    /**
     * Beyond the planned runs, the load goes on while this says so (up to {@link #MORE_RUNS_AT_MOST}
     * times the plan): on a fast machine the planned runs can be over before every fault had its turn.
     */
    void goOnWhile(BooleanSupplier more) {
        this.more = more;
    }

    /** Whether another run is to be sent, the {@code i}-th. */
    private boolean another(int i) {
        return !stopping && (i < runs || (i < runs * MORE_RUNS_AT_MOST && more.getAsBoolean()));
    }

    /** Whether every closed-loop client has finished its share. */
    boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Runs finished (answered, or given up as lost). */
    int finished() {
        return finished.get();
    }

    /** Waits for the closed-loop clients to finish their share. */
    boolean awaitDone(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            t.join(left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Replies that matched nothing waiting: a submission answered twice shows here. */
    long strayReplies() {
        return strayReplies.get();
    }

    int vanished() {
        return vanished.get();
    }

    int idleOpen() {
        return (int) idle.stream().filter(SubmissionClient::isOpen).count();
    }

    /** Opens idle connections until {@code count} are open (after an engine restart dropped them, too). */
    void openIdle(int count) {
        idle.removeIf(c -> !c.isOpen());
        while (idle.size() < count && !stopping) {
            try {
                idle.add(SubmissionClient.connect(serve.webSocket(), null));
            } catch (IOException e) {
                return; // the engine is not there (being restarted): the next call tops them up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A client sends a submission, and vanishes while it runs. */
    void vanish() throws IOException, InterruptedException {
        SubmissionClient client = SubmissionClient.connect(serve.webSocket(), null);
        Kind sleeper = new Kind("vanish", Kind.BUSYBOX, 10, Map.of("cyber-dojo.sh", "sleep 2; echo gone\n"), java.util.Set.of());
        client.submit("soak-vanish-" + vanished.incrementAndGet(), sleeper.image(), sleeper.maxSeconds(), false, sleeper.tgz());
        Thread.sleep(300);
        client.abort();
    }

    /** Stops every client and closes every connection. */
    void stop() {
        stopping = true;
        threads.forEach(Thread::interrupt);
        idle.forEach(SubmissionClient::close);
        idle.clear();
        slowSockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
    }

    // ---------------------------------------------------------------- the closed-loop clients

    private void webSocketClient(int n) {
        SubmissionClient client = null;
        int seq = 0;
        for (int i = issued.getAndIncrement(); another(i); i = issued.getAndIncrement()) {
            Kind kind = mix.get(i % mix.size());
            boolean done = false;
            while (!done && !stopping) {
                if (client == null || !client.isOpen()) {
                    client = reconnect(client);
                    if (client == null) {
                        break;
                    }
                }
                Sent s = new Sent("soak-ws" + n + "-" + (++seq), kind, "ws");
                sent.add(s);
                SubmissionClient.Submitted submitted = client.submit(s.id, kind.image(), kind.maxSeconds(), false, tgz.get(kind));
                try {
                    Replies.Reply reply = submitted.reply().get(kind.maxSeconds() + ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
                    if (reply instanceof Replies.Result r) {
                        s.answered(r.result().outcome().wireName(), r.result().log().content());
                        done = true;
                    } else if (reply instanceof Replies.Refusal refusal) {
                        s.answered("error:" + refusal.code(), refusal.message());
                        done = !retried(refusal.code(), refusal.retryAfterMillis());
                    }
                } catch (ExecutionException e) {
                    s.answered("cut", e.getCause() == null ? e.toString() : e.getCause().getMessage());
                    client = null;
                    pause(500);
                } catch (TimeoutException e) {
                    done = true; // stays unanswered: lost
                    client.abort();
                    client = null;
                } catch (InterruptedException e) {
                    return;
                }
            }
            finished.incrementAndGet();
        }
        if (client != null) {
            strayReplies.addAndGet(client.strayReplies());
            client.close();
        }
    }

    private SubmissionClient reconnect(SubmissionClient broken) {
        if (broken != null) {
            strayReplies.addAndGet(broken.strayReplies());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!stopping && System.nanoTime() < deadline) {
            try {
                return SubmissionClient.connect(serve.webSocket(), null);
            } catch (IOException e) {
                pause(500);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private void httpClient(int n) {
        int seq = 0;
        for (int i = issued.getAndIncrement(); another(i); i = issued.getAndIncrement()) {
            Kind kind = mix.get(i % mix.size());
            boolean done = false;
            while (!done && !stopping) {
                Sent s = new Sent("soak-http" + n + "-" + (++seq), kind, "http");
                sent.add(s);
                try {
                    Http.Answer response = Http.post(serve.http("/run_cyber_dojo_sh"), body(s.id, kind),
                            Duration.ofSeconds(kind.maxSeconds() + ANSWER_WAIT_SECONDS));
                    JsonNode json = JSON.readTree(response.body());
                    if (response.status() == 200) {
                        JsonNode run = json.path("run_cyber_dojo_sh");
                        s.answered(run.path("outcome").asText(), run.path("log").asText(""));
                        done = true;
                    } else {
                        String message = json.path("exception").path("message").asText(response.body());
                        String code = response.status() == 500 ? "internal"
                                : message.contains("Docker") ? "docker_unavailable"
                                : message.contains("shutting down") ? "shutting_down" : "throttled";
                        s.answered("error:" + code, message);
                        done = !retried(code, response.retryAfterSeconds() * 1000);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    done = true; // stays unanswered: lost
                } catch (java.net.ConnectException e) {
                    sent.remove(s); // never sent: the engine is not there (being restarted)
                    pause(500);
                } catch (IOException e) {
                    s.answered("cut", e.toString());
                    pause(500);
                }
            }
            finished.incrementAndGet();
        }
    }

    private static String body(String id, Kind kind) {
        ObjectNode body = JSON.createObjectNode().put("id", id);
        ObjectNode files = body.putObject("files");
        kind.files().forEach(files::put);
        body.putObject("manifest").put("image_name", kind.image()).put("max_seconds", kind.maxSeconds());
        return body.toString();
    }

    /** Whether a refusal is one to send again after a pause (then pauses). */
    private static boolean retried(String code, long retryAfterMillis) {
        if (!code.equals("throttled") && !code.equals("docker_unavailable") && !code.equals("shutting_down")) {
            return false;
        }
        pause(Math.max(200, Math.min(retryAfterMillis, 10_000)));
        return true;
    }

    // ---------------------------------------------------------------- slow senders

    /** Opens a WebSocket handshake a byte every 100 ms, over and over: it must hold up no one. */
    private void slowSender() {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!stopping) {
            try (Socket socket = new Socket("127.0.0.1", serve.webSocket().getPort())) {
                slowSockets.add(socket);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                for (byte b : request) {
                    if (stopping) {
                        return;
                    }
                    out.write(b);
                    out.flush();
                    Thread.sleep(100);
                }
                socket.getInputStream().read(new byte[512]); // the upgrade's answer; then it leaves
            } catch (IOException e) {
                pause(1000);
            } catch (InterruptedException e) {
                return;
            } finally {
                slowSockets.removeIf(Socket::isClosed);
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
