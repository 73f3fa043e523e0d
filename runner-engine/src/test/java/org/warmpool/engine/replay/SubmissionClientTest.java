package org.warmpool.engine.replay;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmissionClientTest {

    /**
     * Seen in a soak: a connect interrupted while the engine was slow to answer its handshake left
     * the connection open once the answer came, owned by no one.
     */
    @Test
    void aConnectGivenUpWhileTheHandshakeIsUnansweredLeavesNoConnectionOpenOnceItIsAnswered() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CountDownLatch handshakeRead = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            CompletableFuture<String> afterAnswer = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    String key = null;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                            key = line.substring(line.indexOf(':') + 1).trim();
                        }
                    }
                    handshakeRead.countDown();
                    answer.await(10, TimeUnit.SECONDS);
                    socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    socket.setSoTimeout(5000);
                    try {
                        return socket.getInputStream().read() == -1 ? "closed" : "closed after a frame";
                    } catch (SocketTimeoutException e) {
                        return "still open 5 s after the handshake was answered";
                    } catch (java.io.IOException e) {
                        return "closed";
                    }
                } catch (Exception e) {
                    return "server failed: " + e;
                }
            });

            Thread connecting = Thread.currentThread();
            CompletableFuture.runAsync(() -> {
                try {
                    handshakeRead.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                connecting.interrupt();
            });
            assertThatThrownBy(() -> SubmissionClient.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/"), null))
                    .isInstanceOf(InterruptedException.class);
            Thread.interrupted();
            answer.countDown();

            assertThat(afterAnswer.get(20, TimeUnit.SECONDS)).startsWith("closed");
        }
    }

    private static String accept(String key) throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
    }
}
