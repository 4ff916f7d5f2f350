package io.rvnt.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanLinksTest {

  private static final Multiaddr ID = Multiaddr.parse("/p2p/12D3KooWHpgVBupV2eUingZLVbcy6xTVe9iyUrUwBfN2BTRnTnsK");
  private final LanLink link = new LanLink("test0", null, List.of(subnet("10.77.0.1", 24),
      subnet("fd00:77::1", 64), subnet("fe80::1", 64), subnet("203.0.113.5", 24)));

  @Test
  void aWildcardListenAddressIsAnnouncedWithTheLinksLanAddressesOnly() {
    assertThat(announced("/ip4/0.0.0.0/udp/4001/quic-v1")).as("IPv4 for 0.0.0.0; never public")
        .containsExactly("/ip4/10.77.0.1/udp/4001/quic-v1" + ID);
    assertThat(announced("/ip6/::/tcp/4001")).as(":: takes IPv4 too; IPv6 link-local has no zone in a multiaddr")
        .containsExactly("/ip4/10.77.0.1/tcp/4001" + ID, "/ip6/fd00:77::1/tcp/4001" + ID);
  }

  @Test
  void loopbackPublicOrOtherInterfacesAddressesAreNeverAnnounced() {
    assertThat(announced("/ip4/127.0.0.1/tcp/4001")).isEmpty();
    assertThat(announced("/ip4/203.0.113.5/tcp/4001")).as("a public address on a LAN interface").isEmpty();
    assertThat(announced("/ip4/10.78.0.1/tcp/4001")).as("another interface's address").isEmpty();
    assertThat(announced("/ip4/10.77.0.1/tcp/4001")).containsExactly("/ip4/10.77.0.1/tcp/4001" + ID);
  }

  @Test
  void onlyOnLinkLanAddressesOfKnownTransportsAreUsable() {
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/10.77.0.9/tcp/1" + ID), link)).isTrue();
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/10.77.0.9/udp/1/quic-v1" + ID), link)).isTrue();
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/10.77.1.9/tcp/1" + ID), link)).as("other subnet").isFalse();
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/127.0.0.1/tcp/1" + ID), link)).isFalse();
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/203.0.113.9/tcp/1" + ID), link)).as("public").isFalse();
    assertThat(LanLinks.usable(Multiaddr.parse("/ip4/10.77.0.9/udp/1" + ID), link)).as("bare UDP").isFalse();
    assertThat(LanLinks.usable(Multiaddr.parse("/dns4/x.local/tcp/1" + ID), link)).isFalse();
  }

  private List<String> announced(String listen) {
    return LanLinks.announced(List.of(Multiaddr.parse(listen)), link, ID).stream().map(Multiaddr::toString)
        .toList();
  }

  private static LanLink.Subnet subnet(String ip, int prefix) {
    try {
      return new LanLink.Subnet(InetAddress.getByName(ip), prefix);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
