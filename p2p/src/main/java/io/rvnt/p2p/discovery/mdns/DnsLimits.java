package io.rvnt.p2p.discovery.mdns;

/**
 * The limits of the mDNS codec; a packet beyond any of them is refused whole.
 *
 * @param maxPacketBytes largest packet read or written. Default 9000: RFC 6762 §17, "a Multicast DNS packet,
 *     including IP and UDP headers, MUST NOT exceed 9000 bytes".
 * @param maxRecords questions and records of one packet together. Default 64: a libp2p answer needs a PTR and one
 *     TXT per address, a DNS-SD answer five records; a legitimate packet of the services RVNT reads is far below.
 * @param maxTxtBytes data of one TXT record. Default 1300: RFC 6763 §6.2, the most that "still fits in a single
 *     1500-byte Ethernet packet".
 */
public record DnsLimits(int maxPacketBytes, int maxRecords, int maxTxtBytes) {

  public static final DnsLimits DEFAULTS = new DnsLimits(9000, 64, 1300);

  public DnsLimits {
    if (maxPacketBytes < 12 || maxPacketBytes > 65_507) {
      throw new IllegalArgumentException("maxPacketBytes must be between 12 and 65507");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive");
    }
    if (maxTxtBytes < 1 || maxTxtBytes > 65_535) {
      throw new IllegalArgumentException("maxTxtBytes must be between 1 and 65535");
    }
  }
}
