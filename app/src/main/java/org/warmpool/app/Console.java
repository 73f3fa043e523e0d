package org.warmpool.app;

import java.util.concurrent.ExecutorService;

/**
 * A console window over a running Warmpool, and what the window owns: the pump that carries the
 * engine's events to it and the background threads its view models ask Docker on. Closing it
 * stops those; Warmpool itself stays open (whoever started it closes it).
 */
public final class Console implements AutoCloseable {
    private final MainWindow window;
    private final EventPump pump;
    private final ExecutorService background;

    Console(MainWindow window, EventPump pump, ExecutorService background) {
        this.window = window;
        this.pump = pump;
        this.background = background;
    }

    public MainWindow window() {
        return window;
    }

    /** The frames the view models are fed by (tests run one by hand with {@link EventPump#frame()}). */
    public EventPump pump() {
        return pump;
    }

    /** Stops the frames and the engine's events; lets work already handed to the background finish, takes no more. */
    @Override
    public void close() {
        pump.close();
        background.shutdown();
    }
}
