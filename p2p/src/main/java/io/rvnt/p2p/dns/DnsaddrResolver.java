package io.rvnt.p2p.dns;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Expands {@code /dnsaddr/DOMAIN[/p2p/ID]} addresses into the addresses published in DNS (multiaddr spec,
 * protocols/DNSADDR.md: TXT records {@code dnsaddr=MULTIADDR} at {@code _dnsaddr.DOMAIN}). Never blocks the
 * caller; failures complete the future with a {@link DnsaddrException}.
 */
public interface DnsaddrResolver {

  /**
   * The addresses {@code address} stands for: itself when it is not a {@code /dnsaddr} address; otherwise the
   * addresses found in DNS, none of them {@code /dnsaddr}, without duplicates, in the order of the records, and
   * only those ending in the same {@code /p2p/ID} when {@code address} carries one. Never empty.
   */
  CompletableFuture<List<Multiaddr>> resolve(Multiaddr address);

  /** Whether {@code address} is one {@link #resolve} looks up in DNS. */
  static boolean isDnsaddr(Multiaddr address) {
    return address.has(io.rvnt.p2p.multiformats.MultiaddrProtocol.DNSADDR);
  }
}
