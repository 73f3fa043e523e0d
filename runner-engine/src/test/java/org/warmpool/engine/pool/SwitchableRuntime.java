package org.warmpool.engine.pool;

import org.warmpool.engine.docker.ContainerEvent;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.ContainerSpec;
import org.warmpool.engine.docker.ContainerState;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.docker.ExecResult;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.docker.ManagedContainer;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real Docker runtime behind a switch: while "down", every call fails the way a stopped
 * daemon makes it fail. Lets a test take Docker away and bring it back without killing the
 * daemon that the rest of the suite uses.
 */
public final class SwitchableRuntime implements ContainerRuntime {
    private final ContainerRuntime real;
    private volatile boolean down;
    private volatile Consumer<Throwable> streamEnd;

    public SwitchableRuntime(ContainerRuntime real) {
        this.real = real;
    }

    public void goDown() {
        down = true;
        Consumer<Throwable> end = streamEnd;
        if (end != null) {
            end.accept(new java.io.IOException("connection reset"));
        }
    }

    public void comeBack() {
        down = false;
    }

    private void check() {
        if (down) {
            throw new DockerUnavailableException("Docker is not answering at unix:///var/run/docker.sock (Connection refused)."
                    + " Is the daemon running? Try: ./warmpool doctor", null);
        }
    }

    @Override public String ping() { check(); return real.ping(); }
    @Override public boolean imageExists(String image) { check(); return real.imageExists(image); }
    @Override public List<LocalImage> images() { check(); return real.images(); }
    @Override public Map<String, byte[]> readFiles(String image, List<String> paths, int max, Map<String, String> labels) {
        check();
        return real.readFiles(image, paths, max, labels);
    }
    @Override public String createAndStart(ContainerSpec spec) { check(); return real.createAndStart(spec); }
    @Override public org.warmpool.engine.docker.AttachedContainer createAttachedAndStart(ContainerSpec spec,
                                                                                    org.warmpool.engine.docker.AttachListener listener) {
        check();
        return real.createAttachedAndStart(spec, listener);
    }
    @Override public ExecResult exec(String id, String user, List<String> env, List<String> command, byte[] stdin, int cap,
                                     Duration wait, Runnable onStarted, org.warmpool.engine.docker.ExecListener output) {
        check();
        return real.exec(id, user, env, command, stdin, cap, wait, onStarted, output);
    }
    @Override public void stop(String id, int timeoutSeconds) { check(); real.stop(id, timeoutSeconds); }
    @Override public void remove(String id) { check(); real.remove(id); }
    @Override public ContainerState state(String id) { check(); return real.state(id); }
    @Override public List<ManagedContainer> listManaged() { check(); return real.listManaged(); }
    @Override public Closeable subscribe(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
        check();
        streamEnd = onEnd;
        return real.subscribe(onEvent, onEnd);
    }
    @Override public void loadImage(InputStream tar) { check(); real.loadImage(tar); }
    @Override public void close() { real.close(); }
}
