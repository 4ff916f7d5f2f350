package io.rvnt.p2p.discovery.mdns;

/**
 * Why a packet on the mDNS socket was refused: the one error type of mDNS and DNS-SD. A refused packet changes
 * nothing and is counted by reason; messages carry no address or name of the sender (invariant 1).
 */
public final class MdnsException extends Exception {

  /** Why a packet, or the announcement in it, was refused. */
  public enum Reason {
    /** Larger than {@link DnsLimits#maxPacketBytes()}. */
    TOO_LARGE,
    /** Ends inside the header, a name, a record or its data. */
    TRUNCATED,
    /** More questions and records than {@link DnsLimits#maxRecords()}. */
    TOO_MANY_RECORDS,
    /** A non-zero opcode or response code: RFC 6762 §18.3 and §18.11 say to ignore such a message. */
    BAD_HEADER,
    /** A label above 63 bytes, a name above 255, or a reserved label type (RFC 1035 §4.1.4). */
    BAD_NAME,
    /** A compression pointer that does not point strictly backwards, which is how loops are refused. */
    COMPRESSION_LOOP,
    /** Record data whose length does not fit its type (an A record of 5 bytes, a PTR with bytes after its name). */
    BAD_RECORD_DATA,
    /** TXT data above {@link DnsLimits#maxTxtBytes()}. */
    TXT_TOO_LARGE,
    /** Sent from an address outside the subnets of the interface it arrived on (RFC 6762 §11). */
    OFF_LINK_SOURCE,
    /** A libp2p answer whose {@code dnsaddr=} lines are not multiaddrs ending in one /p2p PeerId. */
    BAD_ANNOUNCEMENT,
    /** A libp2p answer whose {@code dnsaddr=} lines name more than one PeerId. */
    MIXED_PEER_IDS,
    /** A libp2p answer with no address on the link it arrived on (loopback, public, other subnets). */
    NO_USABLE_ADDRESS
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public MdnsException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
