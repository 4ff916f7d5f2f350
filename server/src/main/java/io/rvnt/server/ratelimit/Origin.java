package io.rvnt.server.ratelimit;

/**
 * Who a request counts against (spec §8): a Tor circuit, known by the circuit id that Tor puts in the PROXY header,
 * or the shared {@code direct} bucket for everything else. Never an address. {@link #toString()} never prints the
 * circuit id.
 */
public final class Origin {
  private static final Origin DIRECT = new Origin(true, 0);

  private final boolean direct;
  private final int circuitId;

  private Origin(boolean direct, int circuitId) {
    this.direct = direct;
    this.circuitId = circuitId;
  }

  public static Origin direct() {
    return DIRECT;
  }

  /** A Tor circuit; the id is the low 32 bits of the PROXY header's source address, unsigned. */
  public static Origin circuit(int circuitId) {
    return new Origin(false, circuitId);
  }

  public boolean isDirect() {
    return direct;
  }

  /** The circuit id; meaningless for {@link #direct()}. */
  public int circuitId() {
    return circuitId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Origin other && other.direct == direct && other.circuitId == circuitId;
  }

  @Override
  public int hashCode() {
    return direct ? -1 : circuitId;
  }

  @Override
  public String toString() {
    return direct ? "Origin[direct]" : "Origin[circuit]";
  }
}
