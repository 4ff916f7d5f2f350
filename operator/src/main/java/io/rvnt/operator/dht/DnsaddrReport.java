package io.rvnt.operator.dht;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What DNS serves under a domain against the addresses of the running bootstrap nodes. Addresses are compared as
 * multiaddrs, so {@code /ipfs/} and {@code /p2p/}, or a CID and a base58 peer id, are the same address.
 *
 * @param served what {@code /dnsaddr/DOMAIN} resolves to
 * @param missing running nodes' addresses DNS does not serve
 * @param unexpected addresses DNS serves that no running node has
 */
public record DnsaddrReport(String domain, List<String> served, List<String> missing, List<String> unexpected) {

  public DnsaddrReport {
    served = List.copyOf(served);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
  }

  /** Compares {@code served} with {@code running}; both are valid multiaddrs. */
  public static DnsaddrReport compare(String domain, List<Multiaddr> served, List<Multiaddr> running) {
    Set<Multiaddr> inDns = new LinkedHashSet<>(served);
    Set<Multiaddr> live = new LinkedHashSet<>(running);
    List<String> missing = new ArrayList<>();
    live.stream().filter(a -> !inDns.contains(a)).forEach(a -> missing.add(a.toString()));
    List<String> unexpected = new ArrayList<>();
    inDns.stream().filter(a -> !live.contains(a)).forEach(a -> unexpected.add(a.toString()));
    return new DnsaddrReport(domain, inDns.stream().map(Multiaddr::toString).toList(), missing, unexpected);
  }

  /** Whether DNS serves exactly the running nodes' addresses. */
  public boolean matches() {
    return missing.isEmpty() && unexpected.isEmpty();
  }

  /** One line per finding, for a screen or a terminal. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (matches()) {
      lines.add("DNS serves the " + served.size() + " addresses of the running nodes under " + domain
          + ", and nothing else");
      return lines;
    }
    missing.forEach(a -> lines.add("not in DNS: " + a));
    unexpected.forEach(a -> lines.add("in DNS, but no running node has it: " + a));
    return lines;
  }
}
