package org.warmpool.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warmpool <command>}: the headless commands. */
@Command(name = "warmpool", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Pools of pre-warmed Docker containers that run cyber-dojo style test submissions.%n"
                + "With no command, ./warmpool opens the console.",
        subcommands = {ServeCommand.class, SubmitCommand.class, ReplayCommand.class, JournalCommand.class, BenchCommand.class,
                ImagesCommand.class, SoakCommand.class, EnginesCommand.class},
        footer = {"", "Launcher-only commands:",
                "  doctor   start Docker if needed (installs docker.io on Debian as root) and build the demo images",
                "  test     doctor, then the whole test suite (mvn verify), the soak's short form, then the installer check"})
public final class WarmpoolCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs a command line and returns the process exit status. */
    public static int execute(String... args) {
        return new CommandLine(new WarmpoolCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
