package io.rvnt.operator.dht;

import io.rvnt.operator.OperatorException;
import java.util.List;

/**
 * Checks a set of bootstrap nodes from the outside, as a client would: dials each over TCP and QUIC, reads its
 * routing table, and runs random lookups. Implemented over the DHT health probe library; blocking, cancelled by
 * interrupting the calling thread.
 */
@FunctionalInterface
public interface DhtHealthCheck {
  /** Probes the nodes at these multiaddrs (each ending in {@code /p2p/PEERID}). */
  DhtReport probe(List<String> multiaddrs) throws OperatorException, InterruptedException;
}
