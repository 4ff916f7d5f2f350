package io.rvnt.operator.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.operator.OperatorException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsaddrZoneTest {

  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  private static void assertRefused(List<String> addresses, String message) {
    assertThatThrownBy(() -> DnsaddrZone.of("boot.example.org", addresses, 300))
        .isInstanceOfSatisfying(OperatorException.class, e -> {
          assertThat(e.reason()).isEqualTo(OperatorException.Reason.BAD_INPUT);
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void publishesEachAddressOnceAsAZoneLine() throws Exception {
    DnsaddrZone.Lines zone = DnsaddrZone.of("boot.example.org", List.of("/ip4/198.51.100.7/tcp/4001/p2p/" + PEER,
        "/ip4/198.51.100.7/udp/4001/quic-v1/p2p/" + PEER, " /ip4/198.51.100.7/tcp/4001/p2p/" + PEER), 300);
    assertThat(zone.lines()).containsExactly(
        "_dnsaddr.boot.example.org. 300 IN TXT \"dnsaddr=/ip4/198.51.100.7/tcp/4001/p2p/" + PEER + "\"",
        "_dnsaddr.boot.example.org. 300 IN TXT \"dnsaddr=/ip4/198.51.100.7/udp/4001/quic-v1/p2p/" + PEER + "\"");
    assertThat(zone.warnings()).as("a public address needs no warning").isEmpty();
  }

  @Test
  void warnsAboutAddressesOnlyThisMachineOrNetworkReaches() throws Exception {
    DnsaddrZone.Lines zone = DnsaddrZone.of("boot.example.org", List.of("/ip4/127.0.0.1/tcp/1/p2p/" + PEER,
        "/ip4/10.1.2.3/tcp/1/p2p/" + PEER, "/ip6/fd00::1/tcp/1/p2p/" + PEER, "/ip6/fe80::1/tcp/1/p2p/" + PEER,
        "/dns4/boot1.example.org/tcp/1/p2p/" + PEER), 300);
    assertThat(zone.lines()).hasSize(5);
    assertThat(zone.warnings()).containsExactly(
        "/ip4/127.0.0.1/tcp/1/p2p/" + PEER + " is a loopback address: only this machine reaches it (a test zone only)",
        "/ip4/10.1.2.3/tcp/1/p2p/" + PEER + " is a private address: only this network reaches it",
        "/ip6/fd00::1/tcp/1/p2p/" + PEER + " is a private address: only this network reaches it",
        "/ip6/fe80::1/tcp/1/p2p/" + PEER + " is a link-local address: only this link reaches it");
  }

  @Test
  void refusesAnAddressWithoutItsPeerId() {
    assertRefused(List.of("/ip4/198.51.100.7/tcp/4001"), "needs its /p2p/PEER_ID part");
  }

  @Test
  void refusesTheUnspecifiedAddressANodeListensOn() {
    assertRefused(List.of("/ip4/0.0.0.0/tcp/4001/p2p/" + PEER), "give the node's public address");
    assertRefused(List.of("/ip6/::/tcp/4001/p2p/" + PEER), "give the node's public address");
  }

  @Test
  void refusesWhatIsNotAMultiaddrABadDomainOrNothingToPublish() {
    assertRefused(List.of("1.2.3.4:4001"), "not a multiaddr: 1.2.3.4:4001");
    assertRefused(List.of(), "no address to publish");
    assertThatThrownBy(() -> DnsaddrZone.of("a..b", List.of("/ip4/1.2.3.4/tcp/1/p2p/" + PEER), 300))
        .isInstanceOf(OperatorException.class).hasMessageContaining("not a DNS name");
  }
}
