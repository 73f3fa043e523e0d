package org.warmpool.engine.cli;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.BuildInfo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOptionTest {
    @Test
    void versionPrintsTheVersionTheCommitTheBuildTimeAndTheJava() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        int status;
        try {
            status = WarmpoolCli.execute("--version");
        } finally {
            System.setOut(original);
        }
        BuildInfo build = BuildInfo.current();
        assertThat(status).isZero();
        assertThat(captured.toString().lines().toList())
                .first().isEqualTo("warmpool " + build.version());
        assertThat(captured.toString())
                .contains("commit " + build.commit())
                .contains("built " + build.buildTime())
                .contains("Java " + System.getProperty("java.runtime.version"));
    }
}
