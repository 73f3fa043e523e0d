package org.warmpool.engine.cli;

import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.gateway.Replies;
import org.warmpool.engine.replay.SubmissionClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code warmpool submit}: one submission over the WebSocket, like any client. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send one submission to a running Warmpool and print its traffic light, stdout and stderr.",
                "Exit status: 0 green, 1 red, 2 amber, 3 timed_out or faulty, 4 error."})
final class SubmitCommand implements Callable<Integer> {
    static final int GREEN = 0, RED = 1, AMBER = 2, OTHER = 3, ERROR = 4;
    /** How long after the time limit a reply is still waited for. */
    private static final int REPLY_GRACE_SECONDS = 120;
    /** How long Ctrl-C waits for the answer to its cancel before leaving anyway (closing the connection cancels it too). */
    private static final int CANCEL_WAIT_SECONDS = 3;

    @Option(names = "--image", required = true, description = "Image to run in, e.g. warmpool/python-pytest.")
    String image;

    static final class Source {
        @Option(names = "--dir", paramLabel = "DIR", description = "A folder of sources with cyber-dojo.sh (packed here).")
        Path dir;
        @Option(names = "--tgz", paramLabel = "FILE", description = "A .tgz to send as it is.")
        Path tgz;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--max-seconds", defaultValue = "10", description = "Time limit, 1-20 (default ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:4598/", description = "Warmpool's WebSocket (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", description = "Bearer token, when the server requires one.")
    String token;

    @Option(names = "--id", defaultValue = "cli-1", description = "Submission id (default ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--files-back", description = "Also return text files the run created or changed.")
    boolean filesBack;

    @Option(names = "--json", description = "Print the raw JSON reply instead (with --stream, every output message too, one per line).")
    boolean json;

    @Option(names = "--stream", description = "Print the output as it arrives (stdout to stdout, stderr to stderr), then the result.")
    boolean stream;

    /** Counted down once the reply has been printed (a Ctrl-C waits for it). */
    private final java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);

    /** What was printed as it arrived, per stream, to tell whether the result holds anything else. */
    private final StringBuilder streamedOut = new StringBuilder();
    private final StringBuilder streamedErr = new StringBuilder();

    @Override
    public Integer call() {
        try {
            return submitAndPrint();
        } finally {
            printed.countDown();
        }
    }

    private int submitAndPrint() {
        byte[] tgz;
        try {
            tgz = source.tgz != null ? Files.readAllBytes(source.tgz)
                    : TarPacker.tgz(SubmissionFiles.fromDirectory(source.dir, ArchiveLimits.defaults()));
        } catch (IOException | ArchiveException e) {
            System.err.println("warmpool submit: " + e.getMessage());
            return ERROR;
        }
        Replies.Reply reply;
        try {
            reply = exchange(tgz);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("warmpool submit: cannot reach Warmpool at " + url + ": " + cause.getMessage()
                    + " (is it running? ./warmpool serve, or the console)");
            return ERROR;
        } catch (TimeoutException e) {
            System.err.println("warmpool submit: no reply from " + url + " within " + (maxSeconds + REPLY_GRACE_SECONDS) + " s");
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ERROR;
        }
        return print(reply);
    }

    /**
     * Sends the submission and waits for its reply, saying on stderr when it has to wait for a turn.
     * Ctrl-C while it waits cancels it (docs/protocol.md, "Cancelling"): the reply then says so.
     */
    private Replies.Reply exchange(byte[] tgz) throws IOException, TimeoutException, InterruptedException {
        try (SubmissionClient client = SubmissionClient.connect(url, token)) {
            SubmissionClient.Submitted submitted = client.submit(id, image, maxSeconds, filesBack, tgz,
                    stream ? this::printAsItArrives : null);
            submitted.queuedNotice().thenAccept(q -> System.err.println("warmpool submit: queued, " + q.position() + " ahead"));
            Thread cancelOnCtrlC = new Thread(() -> cancel(client, submitted), "warmpool-submit-cancel");
            Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
            try {
                return submitted.reply().get(maxSeconds + REPLY_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancelOnCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the reply to be printed
                }
            }
        }
    }

    /** On Ctrl-C: asks Warmpool to cancel the submission, and waits (a little) for its reply to be printed. */
    private void cancel(SubmissionClient client, SubmissionClient.Submitted submitted) {
        if (submitted.reply().isDone()) {
            return;
        }
        System.err.println("warmpool submit: cancelling " + id + "…");
        client.cancel(id);
        try {
            printed.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the connection's thread, in the order the output came. */
    private void printAsItArrives(Replies.Streamed output) {
        if (json) {
            System.out.println(output.json());
            return;
        }
        boolean err = output.stream() == StdStream.STDERR;
        (err ? streamedErr : streamedOut).append(output.data());
        PrintStream to = err ? System.err : System.out;
        to.print(output.data());
        to.flush();
    }

    private int print(Replies.Reply reply) {
        if (json) {
            System.out.println(reply.json());
        }
        if (reply instanceof Replies.Refusal refusal) {
            if (!json) {
                System.err.println("warmpool submit: " + refusal.code() + ": " + refusal.message()
                        + (refusal.retryAfterMillis() > 0 ? " (retry after " + refusal.retryAfterMillis() + " ms)" : ""));
            }
            return ERROR;
        }
        RunResult result = ((Replies.Result) reply).result();
        String outcome = result.outcome().wireName();
        if (!json) {
            if (stream) {
                endTheLine(streamedOut, System.out);
                endTheLine(streamedErr, System.err);
            }
            System.out.printf("%s  status %s  %s %d ms%n", light(outcome), result.status(),
                    result.warm() ? "warm" : "cold", result.timings().total());
            if (!stream || !streamedOut.toString().equals(result.stdout().content())
                    || !streamedErr.toString().equals(result.stderr().content())) {
                // not streamed, or the stream missed some of it: the result has it all
                section(stream ? "stdout (in full)" : "stdout", result.stdout());
                section(stream ? "stderr (in full)" : "stderr", result.stderr());
            } else if (result.stdout().truncated() || result.stderr().truncated()) {
                System.out.println("(output cut at 50 KB: " + (result.stdout().truncated() ? "stdout" : "")
                        + (result.stdout().truncated() && result.stderr().truncated() ? " and " : "")
                        + (result.stderr().truncated() ? "stderr" : "") + ")");
            }
            section("log", result.log());
        }
        return switch (result.outcome()) {
            case GREEN -> GREEN;
            case RED -> RED;
            case AMBER -> AMBER;
            case TIMED_OUT, FAULTY -> OTHER;
        };
    }

    /** Output that ended without a newline: the summary starts on a line of its own. */
    private static void endTheLine(StringBuilder printed, PrintStream to) {
        if (printed.length() > 0 && printed.charAt(printed.length() - 1) != '\n') {
            to.println();
            to.flush();
        }
    }

    private static void section(String name, Output output) {
        String content = output.content();
        if (!content.isEmpty()) {
            System.out.println("--- " + name + (output.truncated() ? " (truncated at 50 KB)" : "") + " ---");
            System.out.print(content.endsWith("\n") ? content : content + "\n");
        }
    }
    private static String light(String outcome) {
        boolean colour = System.console() != null && System.getenv("NO_COLOR") == null;
        String code = switch (outcome) {
            case "red" -> "31";
            case "amber" -> "33";
            case "green" -> "32";
            default -> "35";
        };
        return colour ? "\u001b[1;" + code + "m● " + outcome + "\u001b[0m" : "● " + outcome;
    }
}
