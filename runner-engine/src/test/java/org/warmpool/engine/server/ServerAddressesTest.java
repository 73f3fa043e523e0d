package org.warmpool.engine.server;

import org.junit.jupiter.api.Test;

import org.warmpool.engine.archive.ArchiveLimits;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.docker.InMemoryRuntime;
import org.warmpool.engine.gateway.Gateway;
import org.warmpool.engine.gateway.GatewayConfig;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses as participants type them (and QR codes carry them): short. */
class ServerAddressesTest {
    @Test
    void onEveryAddressParticipantsGetTheBrowserPageWithTheTokenOnThisMachinesNetworkAddresses() throws Exception {
        GatewayConfig config = new GatewayConfig(InetAddress.getByName("0.0.0.0"), 0, 0, "s3 cret", List.of(), ArchiveLimits.defaults());
        try (Engine engine = Engine.start(EngineConfig.defaults(), new InMemoryRuntime());
             Gateway gateway = Gateway.open(engine, config)) {
            ServerAddresses addresses = new ServerAddresses(gateway, config, "0.0.0.0", "");

            assertThat(addresses.loopbackOnly()).isFalse();
            assertThat(addresses.participantPages()).as("this machine's network addresses").isNotEmpty().allSatisfy(page -> {
                assertThat(page.toString()).endsWith(":" + gateway.httpPort() + "/?token=s3+cret");
                assertThat(InetAddress.getByName(page.getHost().replace("[", "").replace("]", "")).isLoopbackAddress()).isFalse();
            });
        }
        GatewayConfig loopback = GatewayConfig.loopback(0, 0);
        try (Engine engine = Engine.start(EngineConfig.defaults(), new InMemoryRuntime());
             Gateway gateway = Gateway.open(engine, loopback)) {
            ServerAddresses addresses = new ServerAddresses(gateway, loopback, "127.0.0.1", "");
            assertThat(addresses.loopbackOnly()).isTrue();
            assertThat(addresses.participantPages()).isEmpty();
        }
    }

    @Test
    void ipv6LosesItsLongestRunOfZeroGroupsAndIpv4StaysAsItIs() throws Exception {
        assertThat(ServerAddresses.shortest(InetAddress.getByName("fd00::2"))).isEqualTo("fd00::2");
        assertThat(ServerAddresses.shortest(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ServerAddresses.shortest(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(ServerAddresses.shortest(InetAddress.getByName("fe80::1"))).isEqualTo("fe80::1");
        assertThat(ServerAddresses.shortest(InetAddress.getByName("192.0.2.2"))).isEqualTo("192.0.2.2");
    }
}
