package org.warmpool.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.util.Arrays;

/**
 * An exec's output as docker-java delivers it: each stream kept up to its cap, and what is kept
 * handed on to a listener as it arrives (a client watching the run's output stream).
 */
final class ExecHarvest extends ResultCallback.Adapter<Frame> {
    private final CappedBuffer out;
    private final CappedBuffer err;
    private final ExecListener listener;

    ExecHarvest(int cap, ExecListener listener) {
        this.out = new CappedBuffer(cap);
        this.err = new CappedBuffer(cap);
        this.listener = listener;
    }

    @Override
    public void onNext(Frame frame) {
        // The payload buffer is reused by the transport: CappedBuffer copies it, and so does the listener's chunk.
        byte[] payload = frame.getPayload();
        boolean stderr = frame.getStreamType() == StreamType.STDERR;
        int kept = (stderr ? err : out).write(payload, 0, payload.length);
        if (kept > 0 && listener != ExecListener.NONE) {
            byte[] chunk = Arrays.copyOf(payload, kept);
            if (stderr) {
                listener.stderr(chunk);
            } else {
                listener.stdout(chunk);
            }
        }
    }

    ExecResult result(Integer exitCode) {
        return new ExecResult(exitCode, out, err);
    }
}
