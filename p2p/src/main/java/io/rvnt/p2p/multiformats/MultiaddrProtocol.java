package io.rvnt.p2p.multiformats;

/**
 * The multiaddr protocols this implementation understands, with their multicodec codes and value sizes (multiaddr
 * spec, protocols.csv). A size of {@link #VARIABLE} means the value is prefixed by its varint length.
 */
public enum MultiaddrProtocol {
  IP4(0x04, "ip4", 4),
  TCP(0x06, "tcp", 2),
  UDP(0x0111, "udp", 2),
  IP6(0x29, "ip6", 16),
  DNS(0x35, "dns", MultiaddrProtocol.VARIABLE),
  DNS4(0x36, "dns4", MultiaddrProtocol.VARIABLE),
  DNS6(0x37, "dns6", MultiaddrProtocol.VARIABLE),
  DNSADDR(0x38, "dnsaddr", MultiaddrProtocol.VARIABLE),
  QUIC_V1(0x01cd, "quic-v1", 0),
  P2P(0x01a5, "p2p", MultiaddrProtocol.VARIABLE);

  public static final int VARIABLE = -1;

  private final int code;
  private final String protocolName;
  private final int size;

  MultiaddrProtocol(int code, String protocolName, int size) {
    this.code = code;
    this.protocolName = protocolName;
    this.size = size;
  }

  public int code() {
    return code;
  }

  public String protocolName() {
    return protocolName;
  }

  /** Bytes of the value: fixed, 0 for none, or {@link #VARIABLE}. */
  public int size() {
    return size;
  }

  static MultiaddrProtocol byCode(long code) {
    for (MultiaddrProtocol p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    throw new MultiformatException(MultiformatException.Reason.UNKNOWN_PROTOCOL, "protocol code " + code);
  }

  static MultiaddrProtocol byName(String name) {
    for (MultiaddrProtocol p : values()) {
      if (p.protocolName.equals(name)) {
        return p;
      }
    }
    // "ipfs" is the old name of p2p, still printed by some peers.
    if (name.equals("ipfs")) {
      return P2P;
    }
    throw new MultiformatException(MultiformatException.Reason.UNKNOWN_PROTOCOL, "protocol name");
  }
}
