package org.warmpool.engine.gateway;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Who may reach the doors: the bearer token and, for browsers, the page's origin. */
final class Access {
    private final String token;
    private final List<String> allowedOrigins;
    private final Set<String> ownHosts;

    /** Warmpool's own pages on loopback only. */
    Access(String token, List<String> allowedOrigins) {
        this(token, allowedOrigins, InetAddress.getLoopbackAddress());
    }

    /**
     * @param bind where the gateway listens: its own page is also served from that address (from
     *             every address of this machine when it listens on all of them)
     */
    Access(String token, List<String> allowedOrigins, InetAddress bind) {
        this.token = token;
        this.allowedOrigins = allowedOrigins.stream().map(Access::normalise).toList();
        this.ownHosts = ownHosts(bind);
    }

    private static Set<String> ownHosts(InetAddress bind) {
        Set<String> hosts = new HashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
        if (bind.isLoopbackAddress()) {
            return Set.copyOf(hosts);
        }
        List<InetAddress> addresses = new ArrayList<>();
        if (bind.isAnyLocalAddress()) {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    addresses.addAll(Collections.list(nic.getInetAddresses()));
                }
                hosts.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                // the loopback names stay
            }
        } else {
            addresses.add(bind);
        }
        for (InetAddress a : addresses) {
            String literal = a.getHostAddress().replaceFirst("%.*$", "");
            hosts.add(a instanceof Inet6Address ? "[" + literal.toLowerCase(Locale.ROOT) + "]" : literal);
        }
        return Set.copyOf(hosts);
    }

    /**
     * True when no token is configured, or the request carries it as {@code Authorization: Bearer T}
     * or (for browsers, which cannot set headers on a WebSocket) a {@code token} query parameter.
     */
    boolean authorised(String authorizationHeader, String query) {
        if (token == null) {
            return true;
        }
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                && constantTimeEquals(authorizationHeader.substring(7).trim(), token)) {
            return true;
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=") && constantTimeEquals(
                        java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8), token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Non-browser clients send no Origin and are let in. A browser page is let in only from
     * Warmpool's own page (on {@code ownPort}, at a loopback name or an address the gateway
     * listens on) or an allowed origin: otherwise any web page a participant opens could drive
     * ws://127.0.0.1.
     */
    boolean originAllowed(String origin, int ownPort) {
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = URI.create(normalised);
            String host = uri.getHost();
            return "http".equals(uri.getScheme()) && uri.getPort() == ownPort && host != null && ownHosts.contains(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
