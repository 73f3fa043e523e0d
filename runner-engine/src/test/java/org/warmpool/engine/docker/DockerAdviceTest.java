package org.warmpool.engine.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DockerAdviceTest {
    @Test
    void noSocketAtAllSaysToInstallDocker(@TempDir Path dir) {
        String advice = DockerAdvice.unavailable("unix://" + dir.resolve("docker.sock"), "No such file or directory");

        assertThat(advice).startsWith("Docker is not installed or not running")
                .contains(dir.resolve("docker.sock").toString())
                .contains("sudo apt-get install docker.io").contains("sudo systemctl start docker");
    }

    @Test
    void aSocketThisUserMayNotUseSaysToJoinTheDockerGroup(@TempDir Path dir) throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));

        String advice = DockerAdvice.unavailable("unix://" + socket, "[13] Permission denied");

        assertThat(advice).contains("permission denied on " + socket).contains("sudo usermod -aG docker $USER")
                .contains("log out and in again");
    }

    @Test
    void aSocketNobodyAnswersOnSaysToStartTheDaemon(@TempDir Path dir) throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----")));

        String advice = DockerAdvice.unavailable("unix://" + socket, "[111] Connection refused");

        assertThat(advice).startsWith("Docker is not answering at unix://" + socket).contains("Connection refused")
                .contains("sudo systemctl start docker");
    }

    @Test
    void aTcpDaemonThatDoesNotAnswerIsNamed() {
        assertThat(DockerAdvice.unavailable("tcp://10.0.0.9:2375", "Connection timed out"))
                .startsWith("Docker is not answering at tcp://10.0.0.9:2375 (Connection timed out)");
    }
}
