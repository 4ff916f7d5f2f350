package io.rvnt.p2p.dns;

/**
 * Why a {@code /dnsaddr} address could not be resolved: the one error type of this package. Messages name the
 * dnsaddr domains (the operator's configuration, published in public DNS) and never a record's peer id or IP
 * address.
 */
public final class DnsaddrException extends RuntimeException {

  /** What went wrong, one reason per rule of {@link RecursiveDnsaddrResolver} and {@link DnsaddrLimits}. */
  public enum Reason {
    /** The address is not one this resolver expands (a /dnsaddr that is not first, or followed by more than /p2p). */
    INVALID_ADDRESS,
    /** The DNS server answered with an error code, or could not be asked. */
    LOOKUP_FAILED,
    /** The DNS server did not answer within {@link DnsaddrLimits#timeout()}. */
    TIMEOUT,
    /** A TXT record's data is not a sequence of length-prefixed strings (RFC 1035 section 3.3.14). */
    MALFORMED_ANSWER,
    /** No {@code dnsaddr=} record under the domain. */
    NO_RECORDS,
    /** Records exist, but none carries the {@code /p2p/} id the address asked for. */
    PEER_ID_MISMATCH,
    /** A record leads back to a domain already on the way to it. */
    LOOP,
    /** More nested /dnsaddr lookups in one chain than {@link DnsaddrLimits#maxDepth()}. */
    TOO_DEEP,
    /** More lookups for one address than {@link DnsaddrLimits#maxLookups()}. */
    TOO_MANY_LOOKUPS,
    /** One answer over {@link DnsaddrLimits#maxRecordsPerAnswer()} or {@link DnsaddrLimits#maxAnswerBytes()}. */
    OVERSIZED_ANSWER,
    /** More addresses in total than {@link DnsaddrLimits#maxAddresses()}. */
    TOO_MANY_ADDRESSES
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public DnsaddrException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DnsaddrException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
