package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.HostileArchives;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.warmpool.engine.gateway.Messages.OK_TGZ;
import static org.warmpool.engine.gateway.Messages.assertError;
import static org.warmpool.engine.gateway.Messages.busybox;
import static org.warmpool.engine.gateway.Messages.withHeader;
import static org.warmpool.engine.gateway.Messages.withHeaderBytes;
import static org.warmpool.engine.gateway.Messages.withLength;

/**
 * Strangers' messages, from garbage to gzip bombs to a 100 MB frame, each answered with one clean
 * error (a message too big to buffer also closes its connection with 1009, once it has been read),
 * while a well-behaved client on its own connection keeps getting green results the whole time.
 */
@ExtendWith(ServedEngine.class)
class HostileInputsTest {
    static final int MIB = 1024 * 1024;
    static final long GIB = 1024L * MIB;
    static final int MAX_MESSAGE_BYTES = GatewayConfig.loopback(0, 0).maxMessageBytes();
    /** Good results the well-behaved client must complete while the hostile cases run. */
    static final int GOOD_RESULTS_DURING_THE_ATTACK = 3;

    static GoodClient good;
    /** Deflating 1 GiB takes seconds: the bomb is made in the background while the small cases run. */
    static CompletableFuture<byte[]> gzipBomb;

    @BeforeAll
    static void startAWellBehavedClient() {
        gzipBomb = CompletableFuture.supplyAsync(() -> compressedUnderTheLimit(HostileArchives.gzipBombOfZeros(GIB)));
        good = new GoodClient();
        good.start();
        await("the good client's first result").atMost(Duration.ofSeconds(60)).until(() -> good.completed.get() >= 1);
    }

    @AfterAll
    static void stopIt() {
        if (good != null) {
            good.stop();
        }
    }

    /** One hostile input and the error it must get. */
    record Case(String name, Supplier<ByteBuffer> message, String code, String id, String... mentions) {
    }

    static Case header(String name, Supplier<ByteBuffer> message, String id, String... mentions) {
        return new Case(name, message, "bad_header", id, mentions);
    }

    static Case archive(String name, Supplier<byte[]> tgz, String code, String... mentions) {
        String id = "h-" + name.replaceAll("[^A-Za-z0-9]+", "-");
        String shortId = id.length() > 64 ? id.substring(0, 64) : id;
        return new Case(name, () -> busybox(shortId, tgz.get()), code, shortId, mentions);
    }

    static List<Case> cases() {
        String tail = ", \"image\": \"warmpool/busybox\"}";
        return List.of(
                // The message and its length prefix.
                header("an empty binary message", () -> ByteBuffer.allocate(0), null, "0 byte"),
                header("a single byte", () -> ByteBuffer.wrap(new byte[] {42}), null, "4-byte"),
                header("a header length of 0xFFFFFFFF", () -> withLength(0xFFFFFFFF, "{}".getBytes(), OK_TGZ), null, "4294967295"),
                header("a header length of 0", () -> withLength(0, new byte[0], OK_TGZ), null, "between 1 and"),
                header("a header length of 0x7FFFFFFF on a short message", () -> withLength(0x7FFFFFFF, "{}".getBytes(), OK_TGZ),
                        null, "2147483647"),
                header("a header of 16 KiB + 1 bytes", () -> withHeader("{\"id\": \"" + "x".repeat(16 * 1024 - 8) + "\"}", OK_TGZ),
                        null, "16384"),
                header("a header length one past the end", () -> withLength(20, "{\"id\": \"1\"}".getBytes(), new byte[0]), null,
                        "truncated"),
                header("4 KiB of binary garbage", () -> ByteBuffer.wrap(HostileArchives.randomBytes(4096, 7)), null),
                // The header's JSON.
                header("a header of invalid UTF-8", () -> withHeaderBytes(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}, OK_TGZ),
                        null, "UTF-8"),
                header("a header that is JSON null", () -> withHeader("null", OK_TGZ), null, "JSON object"),
                header("a header that is a JSON string", () -> withHeader("\"warmpool/busybox\"", OK_TGZ), null, "JSON object"),
                header("a header of unfinished JSON", () -> withHeader("{\"id\": \"1\", \"image\": ", OK_TGZ), null, "not valid JSON"),
                header("a header nested 5000 arrays deep", () -> withHeader("{\"id\": \"deep\", \"image\": \"warmpool/busybox\", \"x\": "
                        + "[".repeat(5000) + "]".repeat(5000) + "}", OK_TGZ), null, "JSON"),
                header("an id that is an object", () -> withHeader("{\"id\": {\"$ne\": null}" + tail, OK_TGZ), null, "\"id\""),
                header("an empty id", () -> withHeader("{\"id\": \"\"" + tail, OK_TGZ), null, "non-empty"),
                header("an id with a NUL in it", () -> withHeader("{\"id\": \"a\\u0000b\"" + tail, OK_TGZ), null, "control"),
                header("an image that climbs folders", () -> withHeader("{\"id\": \"img-1\", \"image\": \"../../etc/passwd\"}", OK_TGZ),
                        "img-1", "\"image\""),
                header("an image name of 300 characters", () -> withHeader("{\"id\": \"img-2\", \"image\": \"" + "a".repeat(300) + "\"}",
                        OK_TGZ), "img-2", "\"image\""),
                header("max_seconds -1", () -> withHeader("{\"id\": \"ms-1\", \"max_seconds\": -1" + tail, OK_TGZ), "ms-1", "max_seconds"),
                header("max_seconds 2^64 + 5, which is 5 when cut to a long",
                        () -> withHeader("{\"id\": \"ms-2\", \"max_seconds\": 18446744073709551621" + tail, OK_TGZ), "ms-2", "max_seconds"),
                header("max_seconds 2^32 + 5", () -> withHeader("{\"id\": \"ms-3\", \"max_seconds\": 4294967301" + tail, OK_TGZ), "ms-3",
                        "max_seconds"),
                header("files_back 1", () -> withHeader("{\"id\": \"fb-1\", \"files_back\": 1" + tail, OK_TGZ), "fb-1", "files_back"),
                // The archive.
                archive("an empty archive", HostileArchives::emptyInput, "bad_archive", "empty"),
                archive("binary garbage", () -> HostileArchives.randomBytes(64 * 1024, 11), "bad_archive", "gzip"),
                archive("a zip file", HostileArchives::zipFile, "bad_archive", "gzip"),
                archive("gzip of random garbage", HostileArchives::gzipOfRandomGarbage, "bad_archive", "tar"),
                archive("a truncated gzip", HostileArchives::truncatedGzip, "bad_archive", "truncated"),
                archive("a gzip with a wrong checksum", HostileArchives::gzipWithWrongChecksum, "bad_archive", "checksum"),
                archive("too many gzip members", HostileArchives::tooManyGzipMembers, "bad_archive", "members"),
                archive("a symlink to /etc/passwd", HostileArchives::symlinkToEtcPasswd, "bad_archive", "symlink", "/etc/passwd"),
                archive("a hard link to /etc/passwd", HostileArchives::hardLinkToEtcPasswd, "bad_archive", "/etc/passwd"),
                archive("a character device", HostileArchives::characterDevice, "bad_archive", "device"),
                archive("a FIFO", HostileArchives::fifo, "bad_archive", "FIFO"),
                archive("an absolute path", HostileArchives::absolutePath, "bad_archive", "absolute path"),
                archive("an absolute path in a pax header", HostileArchives::absolutePathInPaxHeader, "bad_archive", "absolute"),
                archive("a .. escape", HostileArchives::dotDotEscape, "bad_archive", ".."),
                archive("a .. in a GNU long name", HostileArchives::dotDotInGnuLongName, "bad_archive", ".."),
                archive("a file 17 folders deep", () -> HostileArchives.deepNesting(17), "bad_archive", "17 folders deep"),
                archive("501 entries", () -> HostileArchives.manyEntries(501), "too_large", "500 entries"),
                archive("a name of 256 bytes", () -> HostileArchives.nameOfBytes(256), "bad_archive", "256 bytes"),
                archive("a name with a NUL", HostileArchives::nameWithNul, "bad_archive", "control character"),
                archive("a name with a terminal escape", HostileArchives::nameWithEscapeSequence, "bad_archive", "\\u001b"),
                archive("a name that is not UTF-8", HostileArchives::invalidUtf8Name, "bad_archive", "UTF-8"),
                archive("the same entry twice", HostileArchives::duplicateEntry, "bad_archive", "twice"),
                archive("no cyber-dojo.sh", HostileArchives::withoutCyberDojoSh, "bad_archive", "cyber-dojo.sh"),
                archive("a pax size of a terabyte", HostileArchives::paxSizeOfATerabyte, "too_large", "16 MiB"),
                archive("20 MiB of zeros in 20 files", () -> HostileArchives.manyFilesOfZeros(20, MIB), "too_large", "16 MiB"),
                archive("a gzip bomb of 1 GiB of zeros", () -> gzipBomb.join(), "too_large", "unpacks to more than"),
                archive("a tar bomb declaring one 64 MiB file",
                        () -> compressedUnderTheLimit(HostileArchives.tarBombDeclaringOneHugeFile(64L * MIB)), "too_large", "bomb.bin"),
                new Case("a hostile archive for an image without a pool",
                        () -> Protocol.submission("nope-h", "warmpool/nope", 10, false, HostileArchives.symlinkToEtcPasswd()),
                        "unknown_image", "nope-h", "warmpool/nope"));
    }

    /** Reads an on-the-fly gzip whole, checking it is small enough to arrive as one message. */
    static byte[] compressedUnderTheLimit(InputStream gzip) {
        try (gzip) {
            byte[] bytes = gzip.readAllBytes();
            assertThat(bytes.length).as("compressed size of the bomb").isLessThan(2 * MIB);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> hostileInputsAreEachAnsweredWithOneCleanErrorWhileAGoodClientKeepsGettingGreen() {
        List<DynamicTest> tests = new ArrayList<>();
        int[] goodBefore = new int[1];
        tests.add(dynamicTest("the good client is getting green results", () -> {
            goodBefore[0] = good.completed.get();
            assertThat(good.failures).as("good client's failures before the attack").isEmpty();
        }));
        List<Case> cases = cases();
        assertThat(cases).as("hostile cases").hasSizeGreaterThanOrEqualTo(30);
        for (Case c : cases) {
            tests.add(dynamicTest(c.name() + " is answered " + c.code(), () -> {
                try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
                    JsonNode reply = Messages.answerOnce(client, c.message().get());
                    assertError(reply, c.code(), c.id(), c.mentions());
                }
            }));
        }
        tests.add(dynamicTest("a megabyte of text is answered bad_header", () -> {
            try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
                client.sendText("\u2603".repeat(MIB / 3));
                assertError(client.nextReply(), "bad_header", null, "binary");
            }
        }));
        tests.add(dynamicTest("a submission sent in 1 KiB fragments is put together and runs green", () -> {
            try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
                ByteBuffer message = busybox("frag-ok", OK_TGZ);
                byte[] all = new byte[message.remaining()];
                message.get(all);
                for (int at = 0; at < all.length; at += 1024) {
                    int end = Math.min(all.length, at + 1024);
                    client.sendFragment(Arrays.copyOfRange(all, at, end), end == all.length).get(30, TimeUnit.SECONDS);
                }
                JsonNode reply = client.nextReply();
                assertThat(reply.path("outcome").asText()).as("outcome of a fragmented submission: %s", reply).isEqualTo("green");
            }
        }));
        tests.add(dynamicTest("a 100 MB frame is answered too_large, read to its end, then its connection closed with 1009", () ->
                assertRefusedAsTooBig(client -> client.sendFragment(new byte[100 * MIB], true).get(60, TimeUnit.SECONDS),
                        "at most " + MAX_MESSAGE_BYTES + " bytes", "this one is " + 100 * MIB + " bytes")));
        tests.add(dynamicTest("fragments adding up past the limit are answered too_large, read to their end, then closed with 1009",
                () -> assertRefusedAsTooBig(client -> {
                    byte[] mebibyte = new byte[MIB];
                    for (int i = 0; i < 3; i++) {
                        client.sendFragment(mebibyte, false).get(30, TimeUnit.SECONDS);
                    }
                    client.sendFragment(mebibyte, true).get(30, TimeUnit.SECONDS);
                }, "at most " + MAX_MESSAGE_BYTES + " bytes", "this one is at least " + 3 * MIB + " bytes")));
        tests.add(dynamicTest("a frame declaring 2^62 bytes, then a trickle: too_large at once, closed with 1009 30 s later, "
                + "no memory taken", HostileInputsTest::absurdLengthThenATrickle));
        tests.add(dynamicTest("a frame declaring 2^62 bytes, then bytes as fast as they go: too_large at once, closed after "
                + "128 MiB were discarded, no memory taken", HostileInputsTest::absurdLengthThenAFlood));
        tests.add(dynamicTest("the good client kept getting green results throughout", () -> {
            int during = good.completed.get() - goodBefore[0];
            good.stop();
            assertThat(good.failures).as("good client's failures").isEmpty();
            assertThat(during).as("good results during the attack").isGreaterThanOrEqualTo(GOOD_RESULTS_DURING_THE_ATTACK);
            try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
                assertThat(client.run("after", DemoImages.BUSYBOX, DemoImages.script("echo ok\n")).path("outcome").asText())
                        .as("a new connection after the attack").isEqualTo("green");
            }
        }));
        return tests.stream();
    }

    interface Sending {
        void send(WsTestClient client) throws Exception;
    }

    /**
     * What a client sending a message over the limit sees (docs/protocol.md, "Messages that are too
     * big"): it finishes writing the message (Warmpool reads it to its end), gets one error,
     * {@code too_large}, and then a close frame with 1009.
     */
    static void assertRefusedAsTooBig(Sending sending, String... mentions) throws Exception {
        try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
            sending.send(client); // fails the test if the server stops reading before the message has been written
            WsTestClient.Closed closed = client.awaitClosed(Duration.ofSeconds(60));
            assertThat(closed.error()).as("how the connection ended: %s", closed).isNull();
            assertThat(closed.code()).as("close code (%s)", closed).isEqualTo(1009);
            assertThat(closed.reason()).as("close reason").isEqualTo("message too big (limit " + MAX_MESSAGE_BYTES + " bytes)");
            assertThat(closed.repliesBefore()).as("replies that arrived before the close").isEqualTo(1);
            List<JsonNode> replies = client.pendingReplies();
            assertThat(replies).as("replies").hasSize(1);
            assertError(replies.get(0), "too_large", null, mentions);
        }
    }

    /** 2^62: more than any memory, and more than the 128 MiB Warmpool discards; what a client cannot send. */
    static final long ABSURD_LENGTH = 1L << 62;

    static void absurdLengthThenATrickle() throws Exception {
        long allocatedBefore = serverThreadsAllocatedBytes();
        try (RawWsClient client = RawWsClient.connect(ServedEngine.wsPort())) {
            long start = System.nanoTime();
            client.frameHeader(true, 2, ABSURD_LENGTH);
            byte[] trickle = new byte[4096];
            while (!client.ended() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
                try {
                    client.write(trickle);
                } catch (IOException closedMeanwhile) {
                    break;
                }
                Thread.sleep(100);
            }
            List<RawWsClient.Event> events = client.awaitEnd(Duration.ofSeconds(10));

            assertThat(events).as("what arrived").extracting(RawWsClient.Event::kind).containsExactly("text", "close");
            RawWsClient.Event error = events.get(0);
            RawWsClient.Event close = events.get(1);
            assertError(error.json(), "too_large", null, "at most " + MAX_MESSAGE_BYTES + " bytes",
                    "this one is " + ABSURD_LENGTH + " bytes");
            assertThat(Duration.ofNanos(error.atNanos() - start)).as("the error comes at once").isLessThan(Duration.ofSeconds(10));
            assertThat(close.code()).as("close code").isEqualTo(1009);
            assertThat(close.reason()).as("close reason").isEqualTo("message too big; the rest of it did not arrive within 30 s");
            assertThat(Duration.ofNanos(close.atNanos() - error.atNanos())).as("time from the error to the close")
                    .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(45));
            assertThat(client.written()).as("bytes trickled").isLessThan(SizeLimitedDraft.DRAIN_MAX_BYTES);
        }
        assertServerTookNoMemory(allocatedBefore);
    }

    static void absurdLengthThenAFlood() throws Exception {
        long allocatedBefore = serverThreadsAllocatedBytes();
        try (RawWsClient client = RawWsClient.connect(ServedEngine.wsPort())) {
            client.frameHeader(true, 2, ABSURD_LENGTH);
            byte[] chunk = new byte[256 * 1024];
            IOException stopped = null;
            while (stopped == null && client.written() < 4 * SizeLimitedDraft.DRAIN_MAX_BYTES) {
                try {
                    client.write(chunk);
                } catch (IOException e) {
                    stopped = e;
                }
            }
            List<RawWsClient.Event> events = client.awaitEnd(Duration.ofSeconds(30));

            assertThat(stopped).as("Warmpool stopped reading (after %d bytes)", client.written()).isNotNull();
            assertThat(client.written()).as("bytes written before Warmpool stopped reading")
                    .isGreaterThanOrEqualTo(SizeLimitedDraft.DRAIN_MAX_BYTES - chunk.length);
            assertThat(events).as("what arrived").isNotEmpty();
            assertThat(events.get(0).kind()).as("the first thing to arrive: %s", events).isEqualTo("text");
            assertError(events.get(0).json(), "too_large", null, "this one is " + ABSURD_LENGTH + " bytes");
            assertThat(events).as("what arrived").hasSize(2);
            // A client still writing when the connection is closed may see the close frame, or only the reset.
            RawWsClient.Event end = events.get(1);
            if (end.kind().equals("close")) {
                assertThat(end.code()).as("close code").isEqualTo(1009);
                assertThat(end.reason()).as("close reason")
                        .isEqualTo("message too big; stopped reading it after discarding " + SizeLimitedDraft.DRAIN_MAX_BYTES + " bytes");
            }
        }
        assertServerTookNoMemory(allocatedBefore);
    }

    /** Bytes allocated so far by the WebSocket server's threads (all servers in this JVM; idle ones add nothing). */
    static long serverThreadsAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("WebSocketWorker-") || t.getName().startsWith("WebSocketSelector-"))
                .mapToLong(t -> Math.max(0, threads.getThreadAllocatedBytes(t.getId())))
                .sum();
    }

    /**
     * Discarding allocates nothing per byte: what the server's threads allocated meanwhile (the good
     * client's runs included) is far below what was sent, let alone declared.
     */
    static void assertServerTookNoMemory(long allocatedBefore) {
        long allocated = serverThreadsAllocatedBytes() - allocatedBefore;
        assertThat(allocated).as("bytes the WebSocket server's threads allocated meanwhile").isLessThan(32L * MIB);
    }

    /** Sends {@code echo ok} again and again on one connection, checking each reply, until stopped. */
    static final class GoodClient implements Runnable {
        final AtomicInteger completed = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile boolean stopping;
        private Thread thread;

        void start() {
            thread = new Thread(this, "good-client");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            stopping = true;
            if (thread != null) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void run() {
            try (WsTestClient client = WsTestClient.connect(ServedEngine.wsPort())) {
                for (int n = 1; !stopping; n++) {
                    String id = "good-" + n;
                    JsonNode reply = client.run(id, DemoImages.BUSYBOX, DemoImages.script("echo ok\n"));
                    if (!id.equals(reply.path("id").asText()) || !"green".equals(reply.path("outcome").asText())
                            || !"ok\n".equals(reply.path("stdout").path("content").asText())) {
                        failures.add(id + ": " + reply);
                    }
                    completed.incrementAndGet();
                    Thread.sleep(250); // a participant pressing "test" often, within the default rate (5/s): runs may take 10 ms
                }
            } catch (Throwable e) {
                failures.add("the good client stopped: " + e);
            }
        }
    }
}
