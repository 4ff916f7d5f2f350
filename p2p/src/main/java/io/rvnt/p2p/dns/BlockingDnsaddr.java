package io.rvnt.p2p.dns;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code /dnsaddr} resolution for a command or an operator service: a DNS client of its own for the length of
 * the call, and the caller's thread waits (never call it on an event loop).
 */
public final class BlockingDnsaddr {

  private BlockingDnsaddr() {}

  /**
   * {@link DnsaddrResolver#resolve} with {@link RecursiveDnsaddrResolver}, asking {@code server} (the system's when
   * empty). Waits at most the query timeout once per lookup {@code limits} allow, and one more.
   */
  public static List<Multiaddr> resolve(Multiaddr address, Optional<InetSocketAddress> server, DnsaddrLimits limits)
      throws InterruptedException {
    if (!DnsaddrResolver.isDnsaddr(address)) {
      return List.of(address);
    }
    long waitMs = limits.timeout().toMillis() * (limits.maxLookups() + 1L);
    try (NettyTxtLookup lookup = NettyTxtLookup.standalone(server, limits.timeout())) {
      return new RecursiveDnsaddrResolver(lookup, limits).resolve(address).get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
          : e.getCause();
      if (cause instanceof DnsaddrException d) {
        throw d;
      }
      throw new DnsaddrException(DnsaddrException.Reason.LOOKUP_FAILED, String.valueOf(cause.getMessage()), cause);
    } catch (TimeoutException e) {
      throw new DnsaddrException(DnsaddrException.Reason.TIMEOUT,
          "resolving " + address + " took longer than " + waitMs + " ms", e);
    }
  }
}
