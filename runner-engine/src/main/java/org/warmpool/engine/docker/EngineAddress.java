package org.warmpool.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One Docker engine Warmpool may place containers on, as an operator names it: {@code unix:///path},
 * {@code tcp://host:port} (TLS found the way Docker's own client finds it: {@code DOCKER_TLS_VERIFY}
 * and {@code DOCKER_CERT_PATH}) or {@code context:NAME} (read from the user's Docker contexts, so
 * every name {@code docker context ls} shows works).
 *
 * @param name    short, for screens and logs: the context's name, {@code host:port}, the socket's path, or {@code local}
 * @param uri     as the operator wrote it
 * @param host    where the daemon listens ({@code unix://} or {@code tcp://})
 * @param certDir the directory holding {@code ca.pem}, {@code cert.pem} and {@code key.pem}; {@code null} without TLS
 */
public record EngineAddress(String name, String uri, URI host, Path certDir) {
    /** The socket the local daemon listens on unless {@code DOCKER_HOST} says otherwise. */
    public static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";
    private static final List<String> CERT_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    /** Where to look: the process's environment and the user's home directory. */
    public record Environment(Map<String, String> variables, Path home) {
        public static Environment current() {
            return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
        }

        String get(String name) {
            String value = variables.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        /** {@code DOCKER_CONFIG}, else {@code ~/.docker}: where the Docker client keeps its contexts and certificates. */
        Path dockerConfig() {
            String dir = get("DOCKER_CONFIG");
            return dir != null ? Path.of(dir) : home.resolve(".docker");
        }
    }

    /** Whether Warmpool talks to this engine over TLS. */
    public boolean tls() {
        return certDir != null;
    }

    /** The engine used when none is named: {@code DOCKER_HOST}, else the local socket. */
    public static EngineAddress local(Environment env) {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost == null) {
            return new EngineAddress("local", LOCAL_SOCKET, URI.create(LOCAL_SOCKET), null);
        }
        EngineAddress named = parse(dockerHost, env, true);
        return new EngineAddress("local", named.uri, named.host, named.certDir);
    }

    /**
     * Reads what an operator wrote.
     *
     * @param allowInsecure whether a remote {@code tcp://} engine may be used without TLS
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static EngineAddress parse(String text, Environment env, boolean allowInsecure) {
        String uri = text == null ? "" : text.strip();
        if (uri.startsWith("context:")) {
            return context(uri, uri.substring("context:".length()).strip(), env, allowInsecure);
        }
        if (uri.startsWith("unix://")) {
            String path = uri.substring("unix://".length());
            if (!path.startsWith("/") || path.length() < 2) {
                throw new IllegalArgumentException("engine " + quoted(uri) + ": a unix socket needs an absolute path,"
                        + " e.g. unix:///var/run/docker.sock");
            }
            return new EngineAddress(path, uri, URI.create("unix://" + path), null);
        }
        if (uri.startsWith("tcp://")) {
            return tcp(uri, uri, null, env, allowInsecure, null);
        }
        if (uri.startsWith("ssh://")) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": ssh:// engines are not supported; expose the"
                    + " remote daemon on tcp:// with TLS (dockerd --tlsverify), or forward its socket"
                    + " (ssh -L /tmp/remote.sock:/var/run/docker.sock HOST) and name unix:///tmp/remote.sock");
        }
        throw new IllegalArgumentException("engine " + quoted(uri) + " is not an engine address: name one as"
                + " unix:///path/to/docker.sock, tcp://host:port or context:NAME (a name from docker context ls)");
    }

    private static EngineAddress tcp(String uri, String host, String name, Environment env, boolean allowInsecure, Path contextTls) {
        URI parsed;
        try {
            parsed = new URI(host);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": " + e.getMessage());
        }
        if (parsed.getHost() == null || parsed.getPort() < 1 || (parsed.getPath() != null && !parsed.getPath().isEmpty()
                && !parsed.getPath().equals("/"))) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": a tcp engine is tcp://host:port"
                    + " (Docker's TLS port is 2376), e.g. tcp://lab-pc-2:2376");
        }
        Path certs = contextTls;
        if (certs == null && name == null) { // a context says for itself; DOCKER_TLS_VERIFY is for addresses given as such
            String verify = env.get("DOCKER_TLS_VERIFY");
            if (verify != null && !verify.equals("0") && !verify.equalsIgnoreCase("false")) {
                String dir = env.get("DOCKER_CERT_PATH");
                certs = dir != null ? Path.of(dir) : env.dockerConfig();
            }
        }
        String label = name != null ? name : parsed.getHost() + ":" + parsed.getPort();
        if (certs != null) {
            for (String file : CERT_FILES) {
                if (!Files.isReadable(certs.resolve(file))) {
                    throw new IllegalArgumentException("engine " + quoted(uri) + ": TLS needs " + file + " in " + certs
                            + " (Docker clients read ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH)");
                }
            }
        } else if (!allowInsecure && !loopback(parsed.getHost())) {
            throw new IllegalArgumentException("engine " + quoted(uri) + " would be used without TLS: anyone who can"
                    + " reach " + label + " could run containers as root on that host. Set DOCKER_TLS_VERIFY=1 and"
                    + " DOCKER_CERT_PATH (or use a Docker context with TLS), or, on a network you trust, allow it with"
                    + " --allow-insecure-engine (\"allow_insecure_engines\": true in the settings)");
        }
        return new EngineAddress(label, uri, URI.create("tcp://" + parsed.getHost() + ":" + parsed.getPort()), certs);
    }

    private static EngineAddress context(String uri, String name, Environment env, boolean allowInsecure) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": name a context, e.g. context:lab-pc-2"
                    + " (docker context ls lists them)");
        }
        if (name.equals("default")) {
            EngineAddress local = local(env);
            return new EngineAddress("default", uri, local.host, local.certDir);
        }
        String id = sha256(name);
        Path contexts = env.dockerConfig().resolve("contexts");
        Path meta = contexts.resolve("meta").resolve(id).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": there is no Docker context named " + quoted(name)
                    + " (looked for " + meta + "; docker context ls lists the contexts there are)");
        }
        JsonNode endpoint;
        try {
            endpoint = new ObjectMapper().readTree(meta.toFile()).path("Endpoints").path("docker");
        } catch (IOException e) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": cannot read " + meta + ": " + e.getMessage(), e);
        }
        String host = endpoint.path("Host").asText("");
        if (host.startsWith("unix://")) {
            EngineAddress socket = parse(host, env, allowInsecure);
            return new EngineAddress(name, uri, socket.host, null);
        }
        if (!host.startsWith("tcp://")) {
            throw new IllegalArgumentException("engine " + quoted(uri) + ": context " + quoted(name) + " points at "
                    + (host.isEmpty() ? "no Docker endpoint" : quoted(host)) + "; Warmpool reaches engines over unix:// or tcp://");
        }
        Path tls = contexts.resolve("tls").resolve(id).resolve("docker");
        Path certs = Files.isReadable(tls.resolve("ca.pem")) ? tls : null;
        return tcp(uri, host, name, env, allowInsecure, certs);
    }

    /** Connects (lazily: nothing is asked of the daemon until the first call). */
    public ContainerRuntime connect() {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(tls());
        if (tls()) {
            config.withDockerCertPath(certDir.toString());
        }
        return new DockerJavaRuntime(config.build());
    }

    private static boolean loopback(String host) {
        try {
            return host.equalsIgnoreCase("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
