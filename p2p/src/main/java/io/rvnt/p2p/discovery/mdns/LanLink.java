package io.rvnt.p2p.discovery.mdns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.List;

/**
 * One network interface mDNS runs on, with its subnets: what "on the link" means for RFC 6762 §11's source check
 * and for the addresses a node announces or accepts.
 */
public record LanLink(String name, NetworkInterface networkInterface, List<Subnet> subnets) {

  public LanLink {
    subnets = List.copyOf(subnets);
  }

  /** One address of the interface with its prefix length. */
  public record Subnet(InetAddress address, int prefixLength) {

    public boolean contains(InetAddress other) {
      byte[] a = address.getAddress();
      byte[] b = other.getAddress();
      if (a.length != b.length) {
        return false;
      }
      int bits = prefixLength;
      for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xFF : 0xFF << (8 - bits) & 0xFF;
        if ((a[i] & mask) != (b[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The link of {@code ni} with all its addresses. */
  public static LanLink of(NetworkInterface ni) {
    List<Subnet> subnets = ni.getInterfaceAddresses().stream().filter(a -> a.getAddress() != null)
        .map(LanLink::subnet).toList();
    return new LanLink(ni.getName(), ni, subnets);
  }

  private static Subnet subnet(InterfaceAddress a) {
    return new Subnet(a.getAddress(), a.getNetworkPrefixLength());
  }

  /**
   * Whether {@code address} is a neighbour on this link: inside one of its subnets, or an IPv6 link-local address
   * (which belongs to the link it arrived on). Loopback, multicast and unspecified addresses never are.
   */
  public boolean onLink(InetAddress address) {
    if (address.isLoopbackAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()) {
      return false;
    }
    if (address instanceof Inet6Address && address.isLinkLocalAddress()) {
      return hasFamily(Inet6Address.class);
    }
    return subnets.stream().anyMatch(s -> s.contains(address));
  }

  /** Whether this interface has an address of {@code family} ({@code Inet4Address} or {@code Inet6Address}). */
  public boolean hasFamily(Class<? extends InetAddress> family) {
    return subnets.stream().anyMatch(s -> family.isInstance(s.address()));
  }

  /**
   * Whether {@code address} is one only a LAN can use (announced and accepted): IPv4 private (RFC 1918) or
   * link-local (RFC 3927), IPv6 unique local (RFC 4193). Public, loopback, multicast and IPv6 link-local ones
   * (a multiaddr has no zone for them) are not.
   */
  public static boolean lanScope(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.isSiteLocalAddress() || address.isLinkLocalAddress();
    }
    return (address.getAddress()[0] & 0xFE) == 0xFC;
  }

  @Override
  public String toString() {
    return name;
  }
}
