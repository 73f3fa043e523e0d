package org.warmpool.engine.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an operator names engines, and what they are told when a name is wrong. No daemon needed. */
class EngineAddressTest {
    @TempDir
    Path home;

    EngineAddress.Environment env(Map<String, String> variables) {
        return new EngineAddress.Environment(variables, home);
    }

    EngineAddress.Environment env() {
        return env(Map.of());
    }

    @Test
    void aUnixSocketIsUsedAsWrittenAndNamedByItsPath() {
        EngineAddress a = EngineAddress.parse("unix:///var/run/warmpool-test-1.sock", env(), false);

        assertThat(a.host()).as("host").hasToString("unix:///var/run/warmpool-test-1.sock");
        assertThat(a.name()).as("name").isEqualTo("/var/run/warmpool-test-1.sock");
        assertThat(a.tls()).as("tls").isFalse();
    }

    @Test
    void aRemoteTcpEngineWithoutTlsIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> EngineAddress.parse("tcp://203.0.113.7:2375", env(), false))
                .as("a remote engine in the clear").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without TLS").hasMessageContaining("DOCKER_TLS_VERIFY")
                .hasMessageContaining("--allow-insecure-engine");
    }

    @Test
    void aRemoteTcpEngineWithoutTlsIsUsedWhenExplicitlyAllowed() {
        EngineAddress a = EngineAddress.parse("tcp://203.0.113.7:2375", env(), true);

        assertThat(a.name()).as("name").isEqualTo("203.0.113.7:2375");
        assertThat(a.tls()).as("tls").isFalse();
    }

    @Test
    void aTcpEngineOnThisMachineNeedsNoTls() {
        assertThat(EngineAddress.parse("tcp://127.0.0.1:2375", env(), false).host()).as("loopback")
                .hasToString("tcp://127.0.0.1:2375");
    }

    @Test
    void tlsIsFoundTheWayDockerClientsFindIt() throws IOException {
        Path certs = Files.createDirectories(home.resolve("certs"));
        for (String f : new String[]{"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(certs.resolve(f), "x");
        }

        EngineAddress a = EngineAddress.parse("tcp://lab-pc-2.example:2376",
                env(Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString())), false);

        assertThat(a.certDir()).as("certificates from DOCKER_CERT_PATH").isEqualTo(certs);
        assertThat(a.host()).as("host").hasToString("tcp://lab-pc-2.example:2376");
    }

    @Test
    void tlsWithoutItsCertificatesSaysWhichFileIsMissing() {
        assertThatThrownBy(() -> EngineAddress.parse("tcp://lab-pc-2.example:2376",
                env(Map.of("DOCKER_TLS_VERIFY", "1")), false))
                .as("no certificates in ~/.docker").hasMessageContaining("ca.pem").hasMessageContaining(home.resolve(".docker").toString());
    }

    @Test
    void aDockerContextIsReadFromTheUsersContexts() throws IOException {
        String id = EngineAddress.sha256("lab-pc-2");
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(id));
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"lab-pc-2\",\"Metadata\":{},"
                + "\"Endpoints\":{\"docker\":{\"Host\":\"tcp://lab-pc-2.example:2376\",\"SkipTLSVerify\":false}}}");
        Path tls = Files.createDirectories(home.resolve(".docker/contexts/tls").resolve(id).resolve("docker"));
        for (String f : new String[]{"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(tls.resolve(f), "x");
        }

        EngineAddress a = EngineAddress.parse("context:lab-pc-2", env(), false);

        assertThat(a.name()).as("named as the context").isEqualTo("lab-pc-2");
        assertThat(a.host()).as("its endpoint").hasToString("tcp://lab-pc-2.example:2376");
        assertThat(a.certDir()).as("its TLS material").isEqualTo(tls);
    }

    @Test
    void aContextOnAUnixSocketNeedsNoTls() throws IOException {
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(EngineAddress.sha256("rootless")));
        Files.writeString(meta.resolve("meta.json"),
                "{\"Name\":\"rootless\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///run/user/1000/docker.sock\"}}}");

        EngineAddress a = EngineAddress.parse("context:rootless", env(), false);

        assertThat(a.host()).as("its socket").hasToString("unix:///run/user/1000/docker.sock");
        assertThat(a.name()).as("name").isEqualTo("rootless");
    }

    @Test
    void aContextWithoutTlsOnAnotherHostIsRefusedLikeAnyInsecureEngine() throws IOException {
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(EngineAddress.sha256("plain")));
        Files.writeString(meta.resolve("meta.json"),
                "{\"Name\":\"plain\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://198.51.100.4:2375\"}}}");

        assertThatThrownBy(() -> EngineAddress.parse("context:plain", env(), false)).hasMessageContaining("without TLS");
    }

    @Test
    void anUnknownContextSaysWhereItLookedAndHowToListThem() {
        assertThatThrownBy(() -> EngineAddress.parse("context:nope", env(), false))
                .hasMessageContaining("no Docker context named \"nope\"").hasMessageContaining("docker context ls")
                .hasMessageContaining(home.resolve(".docker/contexts/meta").toString());
    }

    @Test
    void dockerConfigMovesWhereContextsAreLookedFor() {
        assertThatThrownBy(() -> EngineAddress.parse("context:nope", env(Map.of("DOCKER_CONFIG", "/elsewhere")), false))
                .hasMessageContaining("/elsewhere/contexts/meta");
    }

    @Test
    void badAddressesSayWhatIsAccepted() {
        assertThatThrownBy(() -> EngineAddress.parse("http://lab:2375", env(), true))
                .hasMessageContaining("unix:///path/to/docker.sock, tcp://host:port or context:NAME");
        assertThatThrownBy(() -> EngineAddress.parse("tcp://lab", env(), true)).as("no port")
                .hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> EngineAddress.parse("unix://relative.sock", env(), true)).as("relative socket")
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> EngineAddress.parse("ssh://me@lab", env(), true)).as("ssh")
                .hasMessageContaining("not supported").hasMessageContaining("ssh -L");
        assertThatThrownBy(() -> EngineAddress.parse("context:", env(), true)).hasMessageContaining("name a context");
    }

    @Test
    void withNoEngineNamedTheLocalOneIsDockerHostOrTheSocket() {
        assertThat(EngineAddress.local(env()).host()).hasToString("unix:///var/run/docker.sock");
        assertThat(EngineAddress.local(env(Map.of("DOCKER_HOST", "unix:///tmp/other.sock"))).host())
                .hasToString("unix:///tmp/other.sock");
        assertThat(EngineAddress.local(env()).name()).isEqualTo("local");
    }
}
