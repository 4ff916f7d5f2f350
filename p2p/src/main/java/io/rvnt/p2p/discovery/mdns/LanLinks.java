package io.rvnt.p2p.discovery.mdns;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which interfaces mDNS may run on. Only where the node listens: an interface whose address a listen address is
 * bound to, every LAN interface for a wildcard listen address, or the interfaces the operator names. Never
 * loopback, and never an interface without an address only a LAN can use: multicast must not leave the LAN, and a
 * node listening on 127.0.0.1 alone sends nothing.
 */
public final class LanLinks {

  private LanLinks() {}

  /**
   * The links for {@code listen}, or exactly {@code named} when it is not empty.
   *
   * @throws IllegalArgumentException when a named interface does not exist, is down, cannot multicast or is
   *     loopback
   */
  public static List<LanLink> select(List<Multiaddr> listen, List<String> named) throws SocketException {
    if (!named.isEmpty()) {
      List<LanLink> out = new ArrayList<>();
      for (String name : named) {
        NetworkInterface ni = NetworkInterface.getByName(name);
        if (ni == null) {
          throw new IllegalArgumentException("mdns: no network interface named " + name);
        }
        if (!ni.isUp() || !ni.supportsMulticast() || ni.isLoopback()) {
          throw new IllegalArgumentException("mdns: interface " + name + " is down, loopback or cannot multicast");
        }
        out.add(LanLink.of(ni));
      }
      return out;
    }
    Map<String, LanLink> out = new LinkedHashMap<>();
    for (Multiaddr address : listen) {
      Optional<InetAddress> ip = ip(address);
      if (ip.isEmpty()) {
        continue;
      }
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || !ni.supportsMulticast() || ni.isLoopback()) {
          continue;
        }
        LanLink link = LanLink.of(ni);
        boolean lan = link.subnets().stream().anyMatch(s -> LanLink.lanScope(s.address()));
        boolean bound = ip.get().isAnyLocalAddress()
            || link.subnets().stream().anyMatch(s -> s.address().equals(ip.get()));
        if (lan && bound) {
          out.putIfAbsent(link.name(), link);
        }
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * What this node announces on {@code link}: each listen address whose IP is one of the link's LAN-scope
   * addresses, or a wildcard one with each such address put in (IPv4 ones for 0.0.0.0, all for ::), followed by
   * {@code /p2p/peerId}.
   */
  public static List<Multiaddr> announced(List<Multiaddr> listen, LanLink link, Multiaddr peerIdSuffix) {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr address : listen) {
      Multiaddr bare = address.withoutPeerId();
      Optional<InetAddress> ip = ip(bare);
      if (ip.isEmpty() || !transportSupported(bare)) {
        continue;
      }
      for (LanLink.Subnet s : link.subnets()) {
        InetAddress mine = s.address();
        // A socket bound to :: also takes IPv4 (Java never sets IPV6_V6ONLY), and a JDK server socket asked for
        // 0.0.0.0 often reports ::; 0.0.0.0 takes IPv4 only.
        boolean family = ip.get().getAddress().length == 16 || mine.getAddress().length == 4;
        boolean matches = ip.get().isAnyLocalAddress() ? family : mine.equals(ip.get());
        if (matches && LanLink.lanScope(mine)) {
          out.add(withIp(bare, mine).concat(peerIdSuffix));
        }
      }
    }
    return out;
  }

  /**
   * Whether a node on {@code link} could use {@code address} from an announcement: an IP on the link (RFC 6762
   * §11), LAN scope, and a transport this node dials (TCP, or QUIC v1), followed by nothing but /p2p.
   */
  public static boolean usable(Multiaddr address, LanLink link) {
    Optional<InetAddress> ip = ip(address);
    return ip.isPresent() && LanLink.lanScope(ip.get()) && link.onLink(ip.get())
        && transportSupported(address.withoutPeerId());
  }

  private static boolean transportSupported(Multiaddr bare) {
    if (bare.components().isEmpty()) {
      return false;
    }
    List<MultiaddrProtocol> p = bare.components().stream().map(Multiaddr.Component::protocol).toList();
    return p.equals(List.of(p.get(0), MultiaddrProtocol.TCP))
        || p.equals(List.of(p.get(0), MultiaddrProtocol.UDP, MultiaddrProtocol.QUIC_V1));
  }

  private static Optional<InetAddress> ip(Multiaddr address) {
    if (address.components().isEmpty()) {
      return Optional.empty();
    }
    Multiaddr.Component first = address.components().get(0);
    if (first.protocol() != MultiaddrProtocol.IP4 && first.protocol() != MultiaddrProtocol.IP6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(first.value()));
    } catch (UnknownHostException e) {
      throw new AssertionError("an ip4 or ip6 component holds 4 or 16 bytes", e);
    }
  }

  private static Multiaddr withIp(Multiaddr bare, InetAddress ip) {
    List<Multiaddr.Component> components = new ArrayList<>(bare.components());
    components.set(0, new Multiaddr.Component(
        ip.getAddress().length == 4 ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, ip.getAddress()));
    return Multiaddr.of(components);
  }
}
