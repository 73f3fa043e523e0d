package org.warmpool.engine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.StartException;
import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.InMemoryRuntime;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engines named in the settings (or with serve --engine) are checked before anything starts. */
class ServerEnginesTest {
    @TempDir
    Path dir;

    Settings settings(String... engines) {
        Settings settings = new Settings();
        settings.httpPort = 0;
        settings.wsPort = 0;
        settings.journal.enabled = false;
        settings.engines = List.of(engines);
        settings.namePools();
        return settings;
    }

    @Test
    void aRemoteEngineWithoutTlsStopsTheStartWithWhatToDo() {
        assertThatThrownBy(() -> WarmpoolServer.start(settings("tcp://203.0.113.7:2375"), dir.resolve("c.json"), false,
                InMemoryRuntime::new)).isInstanceOf(StartException.class).hasMessageContaining("without TLS")
                .hasMessageContaining("--allow-insecure-engine");
    }

    @Test
    void theSameEngineTwiceIsRefused() {
        assertThatThrownBy(() -> WarmpoolServer.start(settings("unix:///var/run/a.sock", "unix:///var/run/a.sock"),
                dir.resolve("c.json"), false, InMemoryRuntime::new)).isInstanceOf(StartException.class)
                .hasMessageContaining("named twice");
    }

    @Test
    void anUnknownContextStopsTheStart() {
        assertThatThrownBy(() -> WarmpoolServer.start(settings("context:warmpool-no-such-context"), dir.resolve("c.json"), false,
                InMemoryRuntime::new)).isInstanceOf(StartException.class).hasMessageContaining("no Docker context named");
    }

    @Test
    void withNoEngineNamedTheLocalOneIsUsedAsBefore() {
        assertThat(ServerEngines.endpoints(settings(), InMemoryRuntime::new)).as("one engine").singleElement()
                .satisfies(e -> assertThat(e.name()).isEqualTo("local"));
    }

    @Test
    void theSettingsFileNamesEngines() throws Exception {
        Path file = dir.resolve("config.json");
        java.nio.file.Files.writeString(file, "{\"engines\": [\"unix:///var/run/docker.sock\", \"tcp://10.0.0.9:2375\"],"
                + " \"allow_insecure_engines\": true}");

        Settings s = Settings.load(file);

        assertThat(s.engines).containsExactly("unix:///var/run/docker.sock", "tcp://10.0.0.9:2375");
        assertThat(ServerEngines.addresses(s)).extracting(a -> a.name()).containsExactly("/var/run/docker.sock", "10.0.0.9:2375");
    }

    @Test
    void apiEnginesShowsTheEngineItsStateAndWhatDockerInfoSaid() throws Exception {
        try (WarmpoolServer server = WarmpoolServer.start(settings(), dir.resolve("c.json"), false,
                () -> new InMemoryRuntime().withInfo(4, 8L << 30))) {
            int port = server.addresses().http().orElseThrow().getPort();
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/api/engines")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            com.fasterxml.jackson.databind.JsonNode engine = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                    .path("engines").get(0);

            assertThat(engine.path("name").asText()).as(body).isEqualTo("local");
            assertThat(engine.path("state").asText()).as("state").isEqualTo("up");
            assertThat(engine.path("version").asText()).as("version").isEqualTo("in-memory");
            assertThat(engine.path("cores").asInt()).as("cores").isEqualTo(4);
            assertThat(engine.path("memory_bytes").asLong()).as("memory").isEqualTo(8L << 30);
            assertThat(engine.path("containers").path("ready").asInt()).as("ready containers").isZero();
            assertThat(server.snapshot().engines()).as("in the snapshot too").singleElement()
                    .satisfies(e -> assertThat(e.up()).isTrue());
        }
    }

    @Test
    void anInsecureRemoteEngineIsAcceptedWhenAllowed() {
        Settings s = settings("tcp://203.0.113.7:2375");
        s.allowInsecureEngines = true;
        assertThat(ServerEngines.addresses(s)).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("203.0.113.7:2375"));
    }
}
