package org.warmpool.app;

import javafx.application.Application;
import org.warmpool.engine.api.Warmpool;

/**
 * The single entry point. No arguments: the console. Anything else: a headless command, run
 * without touching JavaFX so that it works on a server with no display. Deliberately not an
 * {@link Application} subclass: JavaFX then starts from the class path without module flags.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(ConsoleApp.class);
        } else {
            System.exit(Warmpool.commandLine(args));
        }
    }
}
