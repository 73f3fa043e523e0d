package org.warmpool.engine.docker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Events read in Docker's words, whether Docker or Podman's Docker-compatible API sent them. */
class ContainerEventTest {

    @Test
    void dockersDieEventKeepsItsActionAndExitCode() {
        ContainerEvent event = ContainerEvent.fromDaemon("abc", "die", Map.of("exitCode", "137", "org.warmpool", "1"));
        assertThat(event).isEqualTo(new ContainerEvent("abc", "die", "137"));
    }

    @Test
    void podmansDiedEventReadsAsDieWithItsContainerExitCode() {
        ContainerEvent event = ContainerEvent.fromDaemon("abc", "died", Map.of("containerExitCode", "3", "org.warmpool", "1"));
        assertThat(event).isEqualTo(new ContainerEvent("abc", "die", "3"));
    }

    @Test
    void podmansRemoveEventReadsAsDestroy() {
        assertThat(ContainerEvent.fromDaemon("abc", "remove", Map.of()).action()).isEqualTo("destroy");
    }

    @Test
    void anOomEventIsLeftAsItIsAndAMissingExitCodeStaysMissing() {
        assertThat(ContainerEvent.fromDaemon("abc", "oom", Map.of())).isEqualTo(new ContainerEvent("abc", "oom", null));
    }
}
