package io.rvnt.p2p.transport.quic;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Between {@code /ip4|ip6/<addr>/udp/<port>/quic-v1[/p2p/<id>]} and socket addresses. DNS names are not resolved here:
 * resolving would block an event loop, so a dialer resolves them first.
 */
final class QuicAddresses {

  private QuicAddresses() {}

  /** The socket address of a QUIC multiaddr, empty when the address is not one this transport handles. */
  static Optional<InetSocketAddress> toSocketAddress(Multiaddr address) {
    List<Multiaddr.Component> parts = address.withoutPeerId().components();
    if (parts.size() != 3
        || !(parts.get(0).protocol() == MultiaddrProtocol.IP4 || parts.get(0).protocol() == MultiaddrProtocol.IP6)
        || parts.get(1).protocol() != MultiaddrProtocol.UDP
        || parts.get(2).protocol() != MultiaddrProtocol.QUIC_V1) {
      return Optional.empty();
    }
    // A /p2p part may only end the address.
    List<Multiaddr.Component> all = address.components();
    for (int i = 0; i < all.size() - 1; i++) {
      if (all.get(i).protocol() == MultiaddrProtocol.P2P) {
        return Optional.empty();
      }
    }
    try {
      InetAddress ip = InetAddress.getByAddress(parts.get(0).value());
      int port = Integer.parseInt(parts.get(1).valueText());
      return Optional.of(new InetSocketAddress(ip, port));
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4 or 16 byte address is always an IP address", e);
    }
  }

  static Multiaddr toMultiaddr(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String family = ip instanceof Inet4Address ? "ip4" : "ip6";
    String host = ip.getHostAddress();
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    return Multiaddr.parse("/" + family + "/" + host + "/udp/" + address.getPort() + "/quic-v1");
  }
}
