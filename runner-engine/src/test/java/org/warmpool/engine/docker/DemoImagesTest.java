package org.warmpool.engine.docker;

import org.warmpool.engine.api.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.run.Runner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each demo image starts through docker-java, hardened, and runs commands as the sandbox user. */
class DemoImagesTest {
    static final List<String> images = DemoImages.ALL;
    static DockerJavaRuntime docker;

    @BeforeAll
    static void connect() {
        docker = new DockerJavaRuntime();
        assertThat(docker.ping()).as("Docker daemon version").isNotBlank();
    }

    @AfterAll
    static void disconnect() {
        docker.close();
    }

    @ParameterizedTest
    @FieldSource("images")
    void aContainerOfEachDemoImageRunsCommandsAsTheSandboxUser(String image) {
        PoolSettings s = PoolSettings.withTarget(0);
        String id = docker.createAndStart(new ContainerSpec(image, Labels.probe(image, "test"), Map.of(), true,
                s.memoryMegabytes() * 1024L * 1024L, s.pidsLimit(), s.sandboxMegabytes()));
        try {
            ExecResult result = docker.exec(id, Sandbox.USER, List.of(), List.of("bash", "-c", "id -u; id -g; ls -dn /sandbox"),
                    null, 4096, Duration.ofSeconds(10));
            String[] lines = new String(result.stdout().bytes(), StandardCharsets.UTF_8).split("\n");
            assertThat(result.exitCode()).as("exit status; stderr: %s", new String(result.stderr().bytes(), StandardCharsets.UTF_8)).isZero();
            assertThat(lines[0]).as("id -u").isEqualTo("41966");
            assertThat(lines[1]).as("id -g").isEqualTo("51966");
            assertThat(lines[2]).as("/sandbox is owned by the sandbox user").contains("41966").contains("51966");
        } finally {
            docker.remove(id);
        }
        assertThat(docker.listManaged()).as("containers left").noneMatch(c -> c.id().equals(id));
    }
}
