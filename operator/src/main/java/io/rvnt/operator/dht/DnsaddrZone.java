package io.rvnt.operator.dht;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.dns.DnsaddrRecords;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The zone-file lines that publish bootstrap nodes under a domain ({@code ./rvnt dht dnsaddr-records}, the DHT
 * screen), with the project's rules for what may be published: every address carries {@code /p2p/PEER_ID} (a
 * client dials a peer id, not a place); an unspecified address (0.0.0.0, ::), which a node listens on but nobody
 * dials, is refused; loopback, private and link-local addresses are published with a warning, since only this
 * machine or this network reaches them (right for a test zone, wrong for the public one).
 */
public final class DnsaddrZone {

  /** Five minutes: a moved node is found again soon, and resolvers still cache across a bootstrap round. */
  public static final int DEFAULT_TTL = 300;

  /** The lines to paste into the zone, and what the operator should read before pasting them. */
  public record Lines(List<String> lines, List<String> warnings) {
    public Lines {
      lines = List.copyOf(lines);
      warnings = List.copyOf(warnings);
    }
  }

  private DnsaddrZone() {}

  /** The lines for {@code addresses} (multiaddrs, duplicates dropped) under {@code domain}. */
  public static Lines of(String domain, List<String> addresses, int ttlSeconds) throws OperatorException {
    try {
      DnsaddrRecords.normalize(domain.strip());
    } catch (DnsaddrException e) {
      throw new OperatorException(Reason.BAD_INPUT, e.getMessage(), e);
    }
    if (ttlSeconds < 0) {
      throw new OperatorException(Reason.BAD_INPUT, "a TTL is not negative");
    }
    if (addresses.isEmpty()) {
      throw new OperatorException(Reason.BAD_INPUT, "no address to publish");
    }
    Set<Multiaddr> unique = new LinkedHashSet<>();
    for (String text : addresses) {
      unique.add(publishable(text.strip()));
    }
    List<String> lines = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Multiaddr address : unique) {
      lines.add(DnsaddrRecords.zoneLine(domain.strip(), address, ttlSeconds));
      reach(address).ifPresent(where -> warnings.add(address + " is " + where));
    }
    return new Lines(lines, warnings);
  }

  private static Multiaddr publishable(String text) throws OperatorException {
    Multiaddr address;
    try {
      address = Multiaddr.parse(text);
    } catch (MultiformatException e) {
      throw new OperatorException(Reason.BAD_INPUT, "not a multiaddr: " + text, e);
    }
    if (address.peerIdMultihash().isEmpty()) {
      throw new OperatorException(Reason.BAD_INPUT,
          "a published address needs its /p2p/PEER_ID part (the node's 'listening on' line has it): " + text);
    }
    if (ip(address).map(InetAddress::isAnyLocalAddress).orElse(false)) {
      throw new OperatorException(Reason.BAD_INPUT, text + " is the address the node listens on, not one a "
          + "client can dial: give the node's public address");
    }
    return address;
  }

  /** Who alone reaches {@code address}, when not everyone does. */
  private static Optional<String> reach(Multiaddr address) {
    return ip(address).flatMap(ip -> {
      boolean uniqueLocal = ip.getAddress().length == 16 && (ip.getAddress()[0] & 0xFE) == 0xFC; // fc00::/7
      if (ip.isLoopbackAddress()) {
        return Optional.of("a loopback address: only this machine reaches it (a test zone only)");
      }
      if (ip.isSiteLocalAddress() || uniqueLocal) {
        return Optional.of("a private address: only this network reaches it");
      }
      if (ip.isLinkLocalAddress()) {
        return Optional.of("a link-local address: only this link reaches it");
      }
      return Optional.empty();
    });
  }

  private static Optional<InetAddress> ip(Multiaddr address) {
    Multiaddr.Component first = address.components().get(0);
    if (first.protocol() != MultiaddrProtocol.IP4 && first.protocol() != MultiaddrProtocol.IP6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(first.value()));
    } catch (UnknownHostException e) {
      throw new AssertionError("an IP value is 4 or 16 bytes", e);
    }
  }
}
