package org.warmpool.engine.journal;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * A saver on loopback for tests: it records every request (its Idempotency-Key and body, and the
 * status it answered) and answers what {@link #answer} says; a result counts as stored when it
 * answered a 2xx.
 */
final class SaverStub implements AutoCloseable {
    /** One request, as it arrived, and the answer it got. */
    record Request(String key, String body, int status) {
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Decides the status for a request; {@link #attempts} counts the requests with its key before it. */
    volatile ToIntFunction<Request> answer = r -> 201;
    /** Said in the body of an answer that is not a 2xx. */
    volatile String reason = "";

    SaverStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/results", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request asked = new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"), body, 0);
            int status;
            synchronized (this) {
                status = answer.applyAsInt(asked);
                requests.add(new Request(asked.key(), body, status));
            }
            byte[] said = status / 100 == 2 ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, said.length == 0 ? -1 : said.length);
            if (said.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(said);
                }
            }
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/results");
    }

    /** Answers always {@code status}. */
    void answerAlways(int status) {
        answer = r -> status;
    }

    /** Requests with {@code key} so far. */
    long attempts(String key) {
        return requests.stream().filter(r -> key.equals(r.key())).count();
    }

    /** The requests it answered with a 2xx, in order. */
    List<Request> stored() {
        return requests.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
