package org.warmpool.engine.server;

import org.warmpool.engine.config.Settings;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.EngineAddress;
import org.warmpool.engine.pool.EngineSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The Docker engines the settings name, resolved (contexts read, TLS found) and connected. */
final class ServerEngines {
    private ServerEngines() {
    }

    /**
     * Every engine the settings name, in order; none named is an empty list.
     *
     * @throws IllegalArgumentException for an address that is wrong, a context that does not exist,
     *                                  missing certificates, a remote engine without TLS, or the same engine twice
     */
    static List<EngineAddress> addresses(Settings settings) {
        List<EngineAddress> addresses = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        EngineAddress.Environment env = EngineAddress.Environment.current();
        for (String uri : settings.engines == null ? List.<String>of() : settings.engines) {
            EngineAddress address = EngineAddress.parse(uri, env, settings.allowInsecureEngines);
            if (!hosts.add(address.host().toString()) || !names.add(address.name())) {
                throw new IllegalArgumentException("engine \"" + uri + "\" is named twice (as " + address.host()
                        + "); name each engine once");
            }
            addresses.add(address);
        }
        return addresses;
    }

    /** The engines to start on: those named, connected; else the one {@code local} gives. */
    static List<EngineSet.Endpoint> endpoints(Settings settings, Supplier<ContainerRuntime> local) {
        List<EngineAddress> named = addresses(settings);
        if (named.isEmpty()) {
            return List.of(new EngineSet.Endpoint("local", "local", local.get()));
        }
        return named.stream().map(a -> new EngineSet.Endpoint(a.name(), a.uri(), a.connect())).toList();
    }
}
