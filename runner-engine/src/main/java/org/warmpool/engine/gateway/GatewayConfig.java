package org.warmpool.engine.gateway;

import org.warmpool.engine.archive.ArchiveLimits;

import java.net.InetAddress;
import java.util.List;

/**
 * Where and how the gateway listens.
 *
 * @param bind           address to listen on; anything but loopback requires a token
 * @param httpPort       cyber-dojo compatible HTTP API (0: any free port)
 * @param wsPort         WebSocket submissions (0: any free port)
 * @param token          bearer token clients must send; {@code null} for none (loopback only)
 * @param allowedOrigins browser origins allowed to open the WebSocket, besides Warmpool's own pages
 * @param limits         archive limits for submissions
 */
public record GatewayConfig(InetAddress bind, int httpPort, int wsPort, String token, List<String> allowedOrigins,
                            ArchiveLimits limits) {
    public static final int DEFAULT_HTTP_PORT = 4597;
    public static final int DEFAULT_WS_PORT = 4598;
    /** Room for the 4-byte length and a header beside the largest archive. */
    public static final int HEADER_ALLOWANCE = 64 * 1024;

    public GatewayConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    public static GatewayConfig loopback(int httpPort, int wsPort) {
        return new GatewayConfig(InetAddress.getLoopbackAddress(), httpPort, wsPort, null, List.of(), ArchiveLimits.defaults());
    }

    /** Largest WebSocket message accepted; anything bigger is refused before it is buffered. */
    public int maxMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 1, limits.maxCompressedBytes() + HEADER_ALLOWANCE);
    }

    public GatewayConfig withToken(String newToken) {
        return new GatewayConfig(bind, httpPort, wsPort, newToken, allowedOrigins, limits);
    }

    public GatewayConfig withAllowedOrigins(List<String> origins) {
        return new GatewayConfig(bind, httpPort, wsPort, token, origins, limits);
    }

    public GatewayConfig withBind(InetAddress address) {
        return new GatewayConfig(address, httpPort, wsPort, token, allowedOrigins, limits);
    }

    /**
     * Refuses configurations that would expose the engine: binding anything but loopback needs a
     * token, because whoever reaches the port can run code in containers.
     */
    public void checkExposure() {
        if (!bind.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("binding " + bind.getHostAddress() + " exposes Warmpool beyond this machine: "
                    + "set a token (--token T; clients send \"Authorization: Bearer T\") or bind 127.0.0.1");
        }
    }
}
