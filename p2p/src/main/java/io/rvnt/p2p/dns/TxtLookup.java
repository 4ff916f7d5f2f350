package io.rvnt.p2p.dns;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Asks DNS for the TXT records of one name: the source {@link RecursiveDnsaddrResolver} reads. */
public interface TxtLookup {

  /**
   * The TXT records of {@code name} (absolute, without the trailing dot), each record's strings joined into one
   * (as RFC 7208 section 3.3 reads TXT records); empty when the name or its TXT records do not exist. Fails with
   * {@link DnsaddrException} ({@code LOOKUP_FAILED}, {@code TIMEOUT}, {@code MALFORMED_ANSWER}).
   */
  CompletableFuture<List<String>> txt(String name);
}
