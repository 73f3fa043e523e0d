package org.warmpool.engine.gateway;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which browser pages may open the WebSocket. */
class AccessTest {
    @Test
    void onLoopbackOnlyWarmpoolsOwnPageOnLoopbackIsLetIn() {
        Access access = new Access(null, List.of(), InetAddress.getLoopbackAddress());

        assertThat(access.originAllowed("http://127.0.0.1:4597", 4597)).isTrue();
        assertThat(access.originAllowed("http://localhost:4597/", 4597)).isTrue();
        assertThat(access.originAllowed("http://127.0.0.1:8080", 4597)).as("another port: another site").isFalse();
        assertThat(access.originAllowed("https://evil.example", 4597)).isFalse();
        assertThat(access.originAllowed(null, 4597)).as("no Origin: not a browser").isTrue();
    }

    @Test
    void listeningOnAnAddressAlsoLetsInThePageServedFromThatAddress() throws Exception {
        InetAddress lan = InetAddress.getByName("192.0.2.10");
        Access access = new Access("t", List.of(), lan);

        assertThat(access.originAllowed("http://192.0.2.10:4597", 4597)).isTrue();
        assertThat(access.originAllowed("http://192.0.2.11:4597", 4597)).as("another machine's page").isFalse();
    }

    @Test
    void listeningEverywhereLetsInThePageFromEveryAddressOfThisMachine() throws Exception {
        Access access = new Access("t", List.of(), InetAddress.getByName("0.0.0.0"));

        assertThat(access.originAllowed("http://127.0.0.1:4597", 4597)).isTrue();
        java.net.NetworkInterface.networkInterfaces().flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address)
                .forEach(a -> assertThat(access.originAllowed("http://" + a.getHostAddress() + ":4597", 4597))
                        .as("this machine's address " + a.getHostAddress()).isTrue());
        assertThat(access.originAllowed("http://198.51.100.7:4597", 4597)).isFalse();
    }

    @Test
    void anAllowedOriginIsLetInWhateverItsPort() {
        Access access = new Access(null, List.of("https://dojo.example.org/"), InetAddress.getLoopbackAddress());

        assertThat(access.originAllowed("https://dojo.example.org", 4597)).isTrue();
        assertThat(access.originAllowed("https://DOJO.example.org/", 4597)).isTrue();
        assertThat(access.originAllowed("https://other.example.org", 4597)).isFalse();
    }
}
