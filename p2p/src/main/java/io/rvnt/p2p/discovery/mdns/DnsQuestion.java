package io.rvnt.p2p.discovery.mdns;

/**
 * One question of a DNS message (RFC 1035 §4.1.2).
 *
 * @param unicastResponse mDNS's QU bit, the top bit of the class field (RFC 6762 §5.4)
 */
public record DnsQuestion(DnsName name, int type, int dnsClass, boolean unicastResponse) {

  public static DnsQuestion of(DnsName name, int type) {
    return new DnsQuestion(name, type, DnsRecord.CLASS_IN, false);
  }

  /** Whether a record of {@code recordType} named {@code recordName} answers this question. */
  public boolean matches(DnsName recordName, int recordType) {
    return (type == recordType || type == DnsRecord.TYPE_ANY)
        && (dnsClass == DnsRecord.CLASS_IN || dnsClass == DnsRecord.CLASS_ANY) && name.equals(recordName);
  }
}
