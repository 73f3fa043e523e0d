package org.warmpool.engine.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/** Who may reach the doors: the bearer token and, for browsers, the page's origin. */
final class Access {
    private final String token;
    private final List<String> allowedOrigins;

    Access(String token, List<String> allowedOrigins) {
        this.token = token;
        this.allowedOrigins = allowedOrigins.stream().map(Access::normalise).toList();
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
     * Warmpool's own pages (any loopback name on {@code ownPort}) or an allowed origin: otherwise
     * any web page a participant opens could drive ws://127.0.0.1.
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
            return "http".equals(uri.getScheme()) && uri.getPort() == ownPort && host != null
                    && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
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
