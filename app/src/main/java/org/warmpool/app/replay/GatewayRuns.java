package org.warmpool.app.replay;

import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.gateway.Replies;
import org.warmpool.engine.replay.SubmissionClient;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.api.RunResult;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Replays through the console's own WebSocket, as clients would: the runs are admitted,
 * throttled, counted and journaled like everyone else's. Each run in flight has a connection of
 * its own (a connection may hold only a few runs at once, as any client's), opened on first use,
 * kept for the next run, and opened again after it is lost.
 */
final class GatewayRuns implements ReplayViewModel.Runs {
    private final URI url;
    private final String token;
    private final Deque<SubmissionClient> idle = new ArrayDeque<>();

    GatewayRuns(URI url, String token) {
        this.url = url;
        this.token = token;
    }

    /** Through the gateway when it is open; when it is not, every run fails saying why clients cannot connect. */
    static ReplayViewModel.Runs of(Addresses addresses) {
        return addresses.localWebSocket().<ReplayViewModel.Runs>map(url -> new GatewayRuns(url, addresses.token().orElse(null)))
                .orElse(request -> CompletableFuture.failedFuture(new IOException("clients cannot connect: " + addresses.problem())));
    }

    @Override
    public CompletableFuture<RunResult> run(RunRequest request) {
        SubmissionClient client;
        try {
            client = take();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        byte[] tgz = TarPacker.tgz(request.files());
        return client.submit(request.id(), request.image(), request.maxSeconds(), request.filesBack(), tgz).reply()
                .whenComplete((reply, failure) -> give(client))
                .thenApply(reply -> {
                    if (reply instanceof Replies.Result result) {
                        return result.result();
                    }
                    throw new CompletionException(((Replies.Refusal) reply).asException());
                });
    }

    private SubmissionClient take() throws IOException, InterruptedException {
        synchronized (idle) {
            while (!idle.isEmpty()) {
                SubmissionClient c = idle.pop();
                if (c.isOpen()) {
                    return c;
                }
            }
        }
        return SubmissionClient.connect(url, token);
    }

    private void give(SubmissionClient client) {
        synchronized (idle) {
            if (client.isOpen() && idle.size() < 64) {
                idle.push(client);
                return;
            }
        }
        client.close();
    }
}
