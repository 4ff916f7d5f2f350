package io.rvnt.dht.probe;

/** The health of a bootstrap node or of the set of them. */
public enum Verdict {
  /** Everything checked works. */
  HEALTHY,
  /** Reachable, but some check failed (one transport down, a lookup did not converge, a peer missing...). */
  DEGRADED,
  /** Not reachable at all (or, for the set, no node is). */
  DOWN
}
