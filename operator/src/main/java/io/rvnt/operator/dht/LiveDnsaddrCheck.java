package io.rvnt.operator.dht;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.p2p.dns.BlockingDnsaddr;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.dns.DnsaddrLimits;
import io.rvnt.p2p.dns.NettyTxtLookup;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link DnsaddrCheck} against a real DNS server: resolves {@code /dnsaddr/DOMAIN} with the p2p library's resolver
 * and its default limits, the way a bootstrap node given {@code --peer /dnsaddr/DOMAIN} does. A domain without
 * records is a finding (every running address is missing), not a failure.
 */
public final class LiveDnsaddrCheck implements DnsaddrCheck {

  private final DnsaddrLimits limits;

  /** With the resolver's default limits ({@link DnsaddrLimits#DEFAULTS}), as bootstrap nodes use them. */
  public LiveDnsaddrCheck() {
    this(DnsaddrLimits.DEFAULTS);
  }

  public LiveDnsaddrCheck(DnsaddrLimits limits) {
    this.limits = limits;
  }

  @Override
  public DnsaddrReport check(String domain, Optional<String> dnsServer, List<String> running)
      throws OperatorException, InterruptedException {
    Optional<InetSocketAddress> server;
    try {
      server = dnsServer.filter(s -> !s.isBlank()).map(NettyTxtLookup::parseServer);
    } catch (IllegalArgumentException e) {
      throw new OperatorException(Reason.BAD_INPUT, "DNS server: " + e.getMessage(), e);
    }
    List<Multiaddr> live = new ArrayList<>();
    for (String address : running) {
      try {
        live.add(Multiaddr.parse(address.strip()));
      } catch (MultiformatException e) {
        throw new OperatorException(Reason.BAD_INPUT, "not a multiaddr: " + address, e);
      }
    }
    Multiaddr name;
    try {
      name = Multiaddr.parse("/dnsaddr/" + domain.strip());
    } catch (MultiformatException e) {
      throw new OperatorException(Reason.BAD_INPUT, "not a domain: " + domain, e);
    }
    List<Multiaddr> served;
    try {
      served = BlockingDnsaddr.resolve(name, server, limits);
    } catch (DnsaddrException e) {
      if (e.reason() != DnsaddrException.Reason.NO_RECORDS) {
        throw new OperatorException(Reason.DNS, e.getMessage(), e);
      }
      served = List.of();
    }
    return DnsaddrReport.compare(domain.strip(), served, live);
  }
}
