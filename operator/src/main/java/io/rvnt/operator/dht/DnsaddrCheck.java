package io.rvnt.operator.dht;

import io.rvnt.operator.OperatorException;
import java.util.List;
import java.util.Optional;

/**
 * Checks that what DNS serves for a domain's dnsaddr records is what the running bootstrap nodes announce. Blocking;
 * run off the FX thread.
 */
@FunctionalInterface
public interface DnsaddrCheck {
  /**
   * @param domain the domain whose {@code _dnsaddr.} TXT records are read
   * @param dnsServer {@code HOST[:PORT]} of the DNS server to ask; empty for the system's
   * @param running the running nodes' addresses, each with /p2p
   */
  DnsaddrReport check(String domain, Optional<String> dnsServer, List<String> running)
      throws OperatorException, InterruptedException;
}
