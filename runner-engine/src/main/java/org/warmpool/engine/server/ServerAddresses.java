package org.warmpool.engine.server;

import org.warmpool.engine.api.Addresses;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Where the gateway listens, as the status bar, the replays and the browser page need it. */
final class ServerAddresses implements Addresses {
    private final Gateway gateway;
    private final GatewayConfig config;
    private final String bind;
    private final String problem;

    ServerAddresses(Gateway gateway, GatewayConfig config, String bind, String problem) {
        this.gateway = gateway;
        this.config = config;
        this.bind = bind;
        this.problem = problem;
    }

    @Override
    public Optional<URI> webSocket() {
        return gateway == null ? Optional.empty() : Optional.of(URI.create("ws://" + host(bind) + ":" + gateway.wsPort() + "/"));
    }

    @Override
    public Optional<URI> http() {
        return gateway == null ? Optional.empty() : Optional.of(URI.create("http://" + host(bind) + ":" + gateway.httpPort()));
    }

    @Override
    public Optional<URI> localWebSocket() {
        if (gateway == null) {
            return Optional.empty();
        }
        InetAddress address = config.bind();
        String host = address.isAnyLocalAddress() || address.isLoopbackAddress() ? "127.0.0.1" : address.getHostAddress();
        return Optional.of(URI.create("ws://" + host(host) + ":" + gateway.wsPort() + "/"));
    }

    @Override
    public List<URI> participantPages() {
        if (gateway == null || config.bind().isLoopbackAddress()) {
            return List.of();
        }
        List<InetAddress> reachable = new ArrayList<>();
        if (config.bind().isAnyLocalAddress()) {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (nic.isUp() && !nic.isLoopback()) {
                        reachable.addAll(Collections.list(nic.getInetAddresses()));
                    }
                }
            } catch (SocketException e) {
                return List.of();
            }
        } else {
            reachable.add(config.bind());
        }
        String query = config.token() == null ? "" : "?token=" + URLEncoder.encode(config.token(), StandardCharsets.UTF_8);
        return reachable.stream()
                // a link-local address needs its interface named in the URL, which no browser takes from a QR code
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                .sorted(Comparator.comparing((InetAddress a) -> a instanceof Inet6Address))
                .map(a -> URI.create("http://" + host(shortest(a)) + ":" + gateway.httpPort() + "/" + query))
                .distinct().toList();
    }

    @Override
    public boolean loopbackOnly() {
        return config.bind().isLoopbackAddress();
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(config.token());
    }

    @Override
    public String problem() {
        return problem;
    }

    /** An address as people write it: IPv6 with its longest run of zero groups as "::" (fd00::2, not fd00:0:0:0:0:0:0:2). */
    static String shortest(InetAddress address) {
        String literal = address.getHostAddress().replaceFirst("%.*$", "");
        if (!(address instanceof Inet6Address)) {
            return literal;
        }
        String[] groups = literal.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (bestStart < 0) {
            return literal;
        }
        return String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    }

    private static String host(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
