package org.warmpool.engine.gateway;

import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.StdStream;
import org.warmpool.engine.run.OutputListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A run's output on its way to a client that asked for it to stream ({@code "stream": true}):
 * {@code output} messages, in the order the output came, cleaned and capped as the result is
 * ({@link OutputText}), and then — from {@link #finish} — whatever the result holds beyond them,
 * before the result itself goes.
 *
 * <p>Coalesced: text waits up to {@value #FLUSH_MILLIS} ms (or until {@value #FLUSH_CHARS}
 * characters are waiting) and goes as one message per stretch of one stream, so a program that
 * prints a character at a time cannot flood the socket. Never in the run's way: the run path's
 * thread only decodes and appends; a flusher thread sends. A client that falls behind (more than
 * {@value #MAX_BACKLOG_BYTES} bytes waiting to be written to it) gets no more of this run's output
 * messages: what it got is the start of the output, and its result still comes.
 */
final class OutputRelay implements OutputListener {
    static final long FLUSH_MILLIS = 50;
    static final int FLUSH_CHARS = 8 * 1024;
    static final long MAX_BACKLOG_BYTES = 1024 * 1024;

    /** Where the messages go. */
    interface Client {
        /** Sends a text message; never blocks (it is queued for writing). */
        void send(String json);

        /** Bytes queued for this client and not yet written to its socket. */
        long backlogBytes();
    }

    /** A stretch of one stream's text, waiting to go. */
    private record Stretch(StdStream stream, StringBuilder text) {
    }

    private final String id;
    private final Client client;
    private final ScheduledExecutorService flusher;

    /** Guards what the run path hands in: the two streams' text and what waits to go. */
    private final Object arrivals = new Object();
    private final OutputText stdout = new OutputText();
    private final OutputText stderr = new OutputText();
    private List<Stretch> waiting = new ArrayList<>();
    private int waitingChars;
    private boolean flushScheduled;
    private boolean flushNowAsked;
    private boolean closed;

    /** Held while sending, so that messages go in order and none after {@link #finish}; taken before {@link #arrivals}. */
    private final Object sending = new Object();
    private boolean finished;
    private boolean fellBehind;

    OutputRelay(String id, Client client, ScheduledExecutorService flusher) {
        this.id = id;
        this.client = client;
        this.flusher = flusher;
    }

    @Override
    public void stdout(byte[] chunk) {
        arrived(StdStream.STDOUT, chunk);
    }

    @Override
    public void stderr(byte[] chunk) {
        arrived(StdStream.STDERR, chunk);
    }

    private void arrived(StdStream stream, byte[] chunk) {
        boolean later = false;
        boolean now = false;
        synchronized (arrivals) {
            if (closed) {
                return;
            }
            String text = (stream == StdStream.STDOUT ? stdout : stderr).accept(chunk);
            if (text.isEmpty()) {
                return;
            }
            append(stream, text);
            if (waitingChars >= FLUSH_CHARS && !flushNowAsked) {
                flushNowAsked = true;
                now = true;
            } else if (!flushScheduled) {
                flushScheduled = true;
                later = true;
            }
        }
        try {
            if (now) {
                flusher.execute(this::flush);
            } else if (later) {
                flusher.schedule(this::flush, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException closing) {
            // the gateway is closing: what waits goes with the result, if that is still sent
        }
    }

    private void append(StdStream stream, String text) {
        if (text.isEmpty()) {
            return;
        }
        Stretch last = waiting.isEmpty() ? null : waiting.get(waiting.size() - 1);
        if (last != null && last.stream() == stream) {
            last.text().append(text);
        } else {
            waiting.add(new Stretch(stream, new StringBuilder(text)));
        }
        waitingChars += text.length();
    }

    /** Sends what waits (on the flusher's thread). */
    void flush() {
        synchronized (sending) {
            if (!finished) {
                send(take(null));
            }
        }
    }

    /**
     * The run is over: sends what waits and what the result holds beyond what was sent, then
     * nothing more. Call before sending the reply; with {@code null} (the reply is an error), only
     * stops the output.
     */
    void finish(RunResult result) {
        synchronized (sending) {
            if (finished) {
                return;
            }
            finished = true;
            send(take(result));
        }
    }

    private List<Stretch> take(RunResult result) {
        synchronized (arrivals) {
            if (result != null) {
                closed = true;
                append(StdStream.STDOUT, stdout.rest(result.stdout()));
                append(StdStream.STDERR, stderr.rest(result.stderr()));
            } else if (finished) {
                closed = true;
            }
            List<Stretch> taken = waiting;
            waiting = new ArrayList<>();
            waitingChars = 0;
            flushScheduled = false;
            flushNowAsked = false;
            return taken;
        }
    }

    private void send(List<Stretch> stretches) {
        for (Stretch s : stretches) {
            if (fellBehind) {
                return;
            }
            String json = Protocol.outputMessage(id, s.stream(), s.text().toString());
            if (client.backlogBytes() + json.length() > MAX_BACKLOG_BYTES) {
                fellBehind = true;
                return;
            }
            client.send(json);
        }
    }
}
