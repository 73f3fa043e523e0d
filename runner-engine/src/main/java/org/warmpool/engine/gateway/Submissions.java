package org.warmpool.engine.gateway;

import org.warmpool.engine.core.Engine;
import org.warmpool.engine.archive.ArchiveException;
import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.archive.TgzReader;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.Saver;
import org.warmpool.engine.api.RunRejectedException;
import org.warmpool.engine.run.RunRequest;
import org.warmpool.engine.api.RunResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** What both doors (WebSocket and HTTP) do with a submission once its header is read. */
final class Submissions {
    /**
     * When Docker has not answered for the engine's whole grace, how long a client should wait
     * before it sends again (Warmpool itself checks four times a second and serves at once when it answers).
     */
    static final long DOCKER_RETRY_AFTER_MILLIS = 5000;

    private final Engine engine;
    private final ArchiveLimits limits;
    private final Journal journal;
    private final Saver saver;
    private volatile boolean shuttingDown;

    /**
     * @param journal where accepted submissions are recorded; {@code null} for none
     * @param saver   where results are forwarded; {@code null} for none
     */
    Submissions(Engine engine, ArchiveLimits limits, Journal journal, Saver saver) {
        this.engine = engine;
        this.limits = limits;
        this.journal = journal;
        this.saver = saver;
    }

    /**
     * Records an accepted submission (off the run's path: the journal writes it while the run goes on).
     *
     * @param participant who sent it; {@code null} for anonymous
     */
    Journal.Recording accepted(String door, String id, String participant, String image, int maxSeconds, boolean filesBack,
                               Supplier<byte[]> tgz) {
        return journal == null ? null : journal.accepted(door, id, participant, image, maxSeconds, filesBack, tgz);
    }

    /**
     * Records the reply to an accepted submission and forwards a result to the saver (the reply
     * itself is the saver's body; it waits in the journal until the saver has it when the saver
     * forwards from the journal). The future completes when the reply may be sent: once the journal
     * has committed it, so a reply a client received is never missing from the journal after a
     * crash. It never fails.
     *
     * @param result the run's result, or {@code null} when the reply is an error
     */
    CompletableFuture<Void> replied(Journal.Recording recording, RunResult result, GatewayException error, String reply) {
        if (recording == null) {
            if (result != null && saver != null) {
                saver.forward(reply);
            }
            return CompletableFuture.completedFuture(null);
        }
        return result != null
                ? recording.finish(result.outcome().wireName(), result.timings().total(), result.warm(), reply, saver)
                : recording.finish("error:" + error.code().wireName(), -1, null, reply);
    }

    Engine engine() {
        return engine;
    }

    ArchiveLimits limits() {
        return limits;
    }

    void shutDown() {
        shuttingDown = true;
    }

    /** Refuses work the engine cannot take at all: shutting down, or an image it has no pool for. */
    void checkAcceptable(String id, String image) throws GatewayException {
        if (shuttingDown) {
            throw new GatewayException(ErrorCode.SHUTTING_DOWN, id, "Warmpool is shutting down; send it again when it is back.");
        }
        if (!engine.hasPool(image)) {
            throw new GatewayException(ErrorCode.UNKNOWN_IMAGE, id, "Warmpool has no pool for image " + image
                    + ". An operator can add one (console, or --pool " + image + "=N); images must be on this machine"
                    + " (docker load -i <file>.tar) because nothing is pulled.");
        }
    }

    SubmissionFiles unpack(String id, byte[] tgz) throws GatewayException {
        try {
            return TgzReader.read(tgz, limits);
        } catch (ArchiveException e) {
            throw new GatewayException(e.reason() == ArchiveException.Reason.TOO_LARGE ? ErrorCode.TOO_LARGE : ErrorCode.BAD_ARCHIVE,
                    id, e.getMessage());
        }
    }

    /** Runs it; the future fails with a {@link GatewayException} when the engine refuses. */
    CompletableFuture<RunResult> run(RunRequest request) {
        return engine.run(request).handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            throw new CompletionException(refusal(request.id(), failure));
        });
    }

    static GatewayException refusal(String id, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof GatewayException g) {
            return g;
        }
        if (cause instanceof RunRejectedException r) {
            ErrorCode code = switch (r.reason()) {
                case UNKNOWN_IMAGE -> ErrorCode.UNKNOWN_IMAGE;
                case DOCKER_UNAVAILABLE -> ErrorCode.DOCKER_UNAVAILABLE;
                case SHUTTING_DOWN -> ErrorCode.SHUTTING_DOWN;
                case THROTTLED -> ErrorCode.THROTTLED;
                case POOL_FAULTY, INTERNAL -> ErrorCode.INTERNAL;
                case CANCELLED -> ErrorCode.CANCELLED;
            };
            return new GatewayException(code, id, r.getMessage(), code == ErrorCode.DOCKER_UNAVAILABLE ? DOCKER_RETRY_AFTER_MILLIS : 0);
        }
        return new GatewayException(ErrorCode.INTERNAL, id, "Warmpool failed while running this submission: " + cause);
    }
}
