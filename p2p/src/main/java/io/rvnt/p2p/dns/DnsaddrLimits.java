package io.rvnt.p2p.dns;

import java.time.Duration;

/**
 * Bounds on the work and the output of resolving one {@code /dnsaddr} address. The multiaddr spec
 * (protocols/DNSADDR.md) allows recursion and sets no limit; these are the project's, each refused with its own
 * {@link DnsaddrException.Reason}.
 *
 * @param maxDepth TXT lookups in one chain of nested {@code /dnsaddr} records, the first included. Default 4:
 *     go-libp2p's {@code maximumDNSADDRRecursion} (js-multiaddr allows 32); a bootstrap zone needs two at most.
 * @param maxLookups TXT lookups for one address in all, so that a zone fanning out at every level stays bounded.
 *     Default 32.
 * @param maxRecordsPerAnswer TXT records in one answer. Default 32: a bootstrap domain lists a few nodes with a few
 *     addresses each.
 * @param maxAnswerBytes text of all TXT records of one answer together. Default 16 KiB: 32 records of 512 bytes, room
 *     for addresses with the longest DNS names.
 * @param maxAddresses distinct addresses one resolution returns. Default 100: go-libp2p's
 *     {@code maximumResolvedAddresses}.
 * @param timeout for each DNS query. Default 5 s, the timeout of the system's resolver (resolv.conf).
 */
public record DnsaddrLimits(int maxDepth, int maxLookups, int maxRecordsPerAnswer, int maxAnswerBytes,
    int maxAddresses, Duration timeout) {

  public static final DnsaddrLimits DEFAULTS = new DnsaddrLimits(4, 32, 32, 16 * 1024, 100, Duration.ofSeconds(5));

  public DnsaddrLimits {
    if (maxDepth < 1 || maxLookups < 1 || maxRecordsPerAnswer < 1 || maxAnswerBytes < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("dnsaddr limits must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the DNS timeout must be positive");
    }
  }

  public DnsaddrLimits withMaxDepth(int value) {
    return new DnsaddrLimits(value, maxLookups, maxRecordsPerAnswer, maxAnswerBytes, maxAddresses, timeout);
  }

  public DnsaddrLimits withMaxLookups(int value) {
    return new DnsaddrLimits(maxDepth, value, maxRecordsPerAnswer, maxAnswerBytes, maxAddresses, timeout);
  }

  public DnsaddrLimits withMaxRecordsPerAnswer(int value) {
    return new DnsaddrLimits(maxDepth, maxLookups, value, maxAnswerBytes, maxAddresses, timeout);
  }

  public DnsaddrLimits withMaxAnswerBytes(int value) {
    return new DnsaddrLimits(maxDepth, maxLookups, maxRecordsPerAnswer, value, maxAddresses, timeout);
  }

  public DnsaddrLimits withMaxAddresses(int value) {
    return new DnsaddrLimits(maxDepth, maxLookups, maxRecordsPerAnswer, maxAnswerBytes, value, timeout);
  }

  public DnsaddrLimits withTimeout(Duration value) {
    return new DnsaddrLimits(maxDepth, maxLookups, maxRecordsPerAnswer, maxAnswerBytes, maxAddresses, value);
  }
}
