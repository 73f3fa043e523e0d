package org.warmpool.app;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Warmpool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void helpListsTheHeadlessCommands() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        int status;
        try {
            status = Warmpool.commandLine("--help"); // what Main runs for any arguments
        } finally {
            System.setOut(original);
        }
        assertThat(status).isZero();
        assertThat(captured.toString()).contains("bench").contains("images").contains("doctor").contains("opens the console");
    }
}
